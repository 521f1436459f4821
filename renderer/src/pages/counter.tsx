/** The page at /counter: an officer's desk. */
import { CounterApp } from '../counter/CounterApp.js';
import { mount } from './mount.js';

mount(<CounterApp />);
