/** One message in both languages: a missing translation is a type error. */
export type Entry = { kk: string; ru: string };
