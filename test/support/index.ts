export { startTestTable, type TestTable } from './dynamo';
export { httpApiEvent } from './http-api-event';
export { fakeOutside, MemoryCdn, MemoryGuestPages, MemoryMailer, MemoryPhotoStorage, TEST_MAGIC_LINKS } from './fake-outside';
export { stubLambdaEnvironment } from './lambda-env';
export { bookingBody, expectNoMoneyOrGuestContact, FINANCE, FORBIDDEN_ON_CREW_AND_GUEST_SURFACES, GUEST } from './money-scan';
export { type CapturedEmail, crewLinkIn, outbox } from './outbox';
export { FAST_STEPS, startBookingHarness } from './booking-harness';
export { openCrewLink } from './crew-link';
export { FREE_PORTS, startTestStack, type TestStack } from './stack';
