import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The admin role of the server serves dist/ at "/" with an SPA fallback; the API lives at /api.
export default defineConfig({
  base: "/",
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      "/api": { target: "http://127.0.0.1:3000", changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // antd is one large shared chunk; pages are split per route.
    chunkSizeWarningLimit: 1600,
  },
});
