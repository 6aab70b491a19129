// One mutation shape for every case-page action: POST, success message, refresh the case and lists.
import { App } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";

export function useAction<TBody = unknown, TResult = unknown>(keys: ReadonlyArray<readonly unknown[]>, done?: string | ((r: TResult) => string | null)) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: ({ path, body, method = "POST" }: { path: string; body?: TBody; method?: "POST" | "PATCH" | "DELETE" }) =>
      method === "PATCH" ? api.patch<TResult>(path, body) : method === "DELETE" ? api.del<TResult>(path, body) : api.post<TResult>(path, body),
    onSuccess: async (r) => {
      const text = typeof done === "function" ? done(r) : done;
      if (text) message.success(text);
      await Promise.all(keys.map((k) => qc.invalidateQueries({ queryKey: k })));
    },
  });
}
