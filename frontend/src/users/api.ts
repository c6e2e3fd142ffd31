import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Page, Role, User } from '../api/types';

export interface UserInput {
  username: string;
  email?: string;
  displayName?: string;
  role: Role;
  brandIds: string[];
  locationIds: string[];
  isActive: boolean;
  password?: string;
}

export const usersApi = {
  list: (query: { page: number; pageSize: number; q?: string; role?: string; sort?: string }) => api.get<Page<User>>('/users', { ...query }),
  create: (input: UserInput) => api.post<User>('/users', input),
  update: (id: string, input: Partial<UserInput>) => api.patch<User>(`/users/${id}`, input),
  remove: (id: string) => api.delete(`/users/${id}`),
};

export function useUsers(query: { page: number; pageSize: number; q?: string; role?: string; sort?: string }) {
  return useQuery({ queryKey: ['users', query], queryFn: () => usersApi.list(query), placeholderData: keepPreviousData });
}
