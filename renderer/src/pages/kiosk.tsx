/** The page at /kiosk: the touchscreen that issues tickets. */
import { KioskApp } from '../kiosk/KioskApp.js';
import { mount } from './mount.js';

mount(<KioskApp />);
