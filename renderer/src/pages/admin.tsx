/** The page at /admin: master data, devices, reports, for supervisors and admins. */
import { AdminApp } from '../admin/AdminApp.js';
import { mount } from './mount.js';

mount(<AdminApp />);
