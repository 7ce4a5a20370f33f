import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Buddy serves only `/` (index.html) and `/assets/*` from the embedded `dist/`, so every
// built file must land under `assets/` and nothing may come from a `public/` folder.
export default defineConfig({
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
  },
});
