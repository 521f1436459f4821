/** The page at /: the site's name and one large link per role. */
import { HomeApp } from '../home/HomeApp.js';
import { mount } from './mount.js';

mount(<HomeApp />);
