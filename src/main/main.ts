/** Electron main entry (bundled to dist/main/main.cjs). */
import { startApp } from './app.js';

startApp({ argv: process.argv, mainDir: __dirname });
