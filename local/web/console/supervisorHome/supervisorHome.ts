/** The supervisor's home tab in the local console. */
import { LightningElement } from 'lwc';

export default class SupervisorHome extends LightningElement {}
