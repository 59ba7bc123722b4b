import { type createDocumentClient, DynamoCrewRepository, DynamoEventRepository } from '@scc/aws';
import { type Clock, CrewService, EventService, systemClock } from '@scc/core';

export interface Services {
  crew: CrewService;
  events: EventService;
}

/** Wires the domain services to the DynamoDB table; shared by Lambda and the local stack. */
export function createServices(
  db: ReturnType<typeof createDocumentClient>,
  tableName: string,
  clock: Clock = systemClock,
): Services {
  const crewRepo = new DynamoCrewRepository(db, tableName);
  const eventRepo = new DynamoEventRepository(db, tableName);
  return {
    crew: new CrewService(crewRepo, clock),
    events: new EventService(eventRepo, crewRepo, clock),
  };
}
