/** The page at /setup: the Antre app's first-run wizard and device settings. */
import { SetupApp } from '../setup/SetupApp.js';
import { mount } from './mount.js';

mount(<SetupApp />);
