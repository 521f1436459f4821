/** The page at /survey: the citizen's satisfaction survey. */
import { SurveyApp } from '../survey/SurveyApp.js';
import { mount } from './mount.js';

mount(<SurveyApp />);
