/** A handful of 16-px line icons drawn by hand (no icon font, nothing fetched at run time). */
const PATHS = {
  approve: 'M3 8.5l3 3 7-7',
  sign: 'M2 13c2-1 3-5 5-5s0 4 2 4 2-3 3-3 1 2 2 2M2 14.5h12',
  register: 'M3 2.5h10v11H3zM5.5 5.5h5M5.5 8h5M5.5 10.5h3',
  execution: 'M8 1.5v3M8 11.5v3M1.5 8h3M11.5 8h3M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
  control: 'M2.5 8.5l3 3 3-3M5.5 11.5V3M9 4.5h5M9 7.5h4M9 10.5h3',
  acknowledge: 'M1.5 8s2.5-5 6.5-5 6.5 5 6.5 5-2.5 5-6.5 5-6.5-5-6.5-5zM8 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  incoming: 'M2 9.5l2-6h8l2 6v4H2zM2 9.5h3.5l1 1.5h3l1-1.5H14',
  rejected: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM3.5 3.5l9 9',
  drafts: 'M10.5 2.5l3 3-8 8h-3v-3z',
  overdue: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM8 4.5V8l2.5 1.5',
  plus: 'M8 3v10M3 8h10',
  route: 'M3 3.5a1.5 1.5 0 1 0 0 .01M13 12.5a1.5 1.5 0 1 0 0 .01M4.5 3.5h5a2.5 2.5 0 0 1 0 5h-3a2.5 2.5 0 0 0 0 5h5',
  audit: 'M8 1.5l5.5 2v4c0 3.5-2.5 6-5.5 7-3-1-5.5-3.5-5.5-7v-4zM5.5 8l2 2 3-3.5',
  admin: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.5 1.5M11.5 11.5L13 13M3 13l1.5-1.5M11.5 4.5L13 3',
  help: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM6 6a2 2 0 1 1 2.5 2c-.5.2-.5.7-.5 1.5M8 11.5v.5',
  file: 'M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3',
  out: 'M6 2.5H2.5v11H6M10 5l3 3-3 3M13 8H6',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
