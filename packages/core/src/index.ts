export * from './errors';
export * from './ids';
export * from './ports';
export * from './schemas/crew';
export * from './schemas/event';
export * from './schemas/paging';
export { CrewService } from './services/crew-service';
export { EventService } from './services/event-service';
export * from './time';
