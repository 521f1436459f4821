/**
 * Baseline of the "display page JS+CSS transferred" row (tests/bench/displayBytes.ts): the renderer
 * as it shipped before one bundle per screen (git 3e45c2d, renderer/src/main.tsx + App.tsx), i.e.
 * every screen in one bundle, chosen at run time by the path. This file is only built, never run.
 *
 * IF THE BUILD FAILS HERE because a screen moved: fix the path below (one import per screen, and
 * the i18n setup and global stylesheet that main.tsx imported). Keep every screen: the baseline is
 * "all the screens' code, whatever page is shown".
 */
import { StrictMode, createElement, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { KioskApp } from '../../../renderer/src/kiosk/KioskApp.js';
import { CounterApp } from '../../../renderer/src/counter/CounterApp.js';
import { DisplayApp } from '../../../renderer/src/display/DisplayApp.js';
import { AdminApp } from '../../../renderer/src/admin/AdminApp.js';
import { SetupApp } from '../../../renderer/src/setup/SetupApp.js';
import { SurveyApp } from '../../../renderer/src/survey/SurveyApp.js';
import '../../../renderer/src/i18n.js';
import '../../../renderer/src/style.css';

const SCREENS: [path: string, screen: ComponentType][] = [
  ['/kiosk', KioskApp],
  ['/counter', CounterApp],
  ['/display', DisplayApp],
  ['/setup', SetupApp],
  ['/admin', AdminApp],
  ['/survey', SurveyApp],
];

const path = window.location.pathname;
const screen = SCREENS.find(([p]) => path === p || path.startsWith(`${p}/`))?.[1] ?? KioskApp;
createRoot(document.getElementById('root')!).render(createElement(StrictMode, null, createElement(screen)));
