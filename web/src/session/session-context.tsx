/**
 * Who is signed in and what the screens need to know about everyone else: my roles, whose tasks I may
 * perform (mine and those of colleagues I substitute for), the staff directory for names, the document types.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { DocumentType, Employee, Me, Role } from '../api/types';

export interface Session {
  me: Me;
  roles: Role[];
  /** My id first, then the absent colleagues whose tasks I may perform now. */
  ownerIds: string[];
  people: Map<string, Employee>;
  types: DocumentType[];
  signOut(): void;
  /** Bumped after every action so the sidebar counts follow. */
  countsVersion: number;
  refreshCounts(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ value, children }: { value: Session; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export const hasRole = (session: Pick<Session, 'roles'>, ...roles: Role[]): boolean => roles.some((r) => session.roles.includes(r));
