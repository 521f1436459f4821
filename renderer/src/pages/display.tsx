/** The page at /display: the hall TV. Old TV browsers load it, so it carries only its own screen. */
import { DisplayApp } from '../display/DisplayApp.js';
import { mount } from './mount.js';

mount(<DisplayApp />);
