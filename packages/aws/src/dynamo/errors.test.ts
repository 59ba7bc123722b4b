import {
  DynamoDBServiceException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '@scc/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from './client';
import { DynamoCrewRepository } from './crew-store';

const db = createDocumentClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const mock = mockClient(DynamoDBDocumentClient);
const repo = new DynamoCrewRepository(db, 'table');
afterEach(() => mock.reset());

const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'Rate exceeded',
    $metadata: { httpStatusCode: 400 },
  });
const serverError = () =>
  new DynamoDBServiceException({
    name: 'InternalServerError',
    $fault: 'server',
    message: 'Internal error',
    $metadata: { httpStatusCode: 500 },
  });
const networkDown = () =>
  Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });

describe('DynamoDB faults', () => {
  it.each([
    ['throttling', throttled],
    ['a 5xx', serverError],
    ['a refused connection', networkDown],
  ])(
    'turns %s into a retryable DependencyUnavailableError that keeps the cause',
    async (_, fault) => {
      const error = fault();
      mock.on(GetCommand).rejects(error);
      const failure = await repo.get('ana').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DependencyUnavailableError);
      expect(failure).toMatchObject({
        retryable: true,
        details: { dependency: 'dynamodb', operation: 'get' },
      });
      expect((failure as Error).cause).toBe(error);
    },
  );

  it('lets a programming error through unchanged', async () => {
    const bug = new TypeError('boom');
    mock.on(PutCommand).rejects(bug);
    const member = {
      crewId: 'a',
      name: 'A',
      email: 'a@example.com',
      active: true,
      version: 1,
      createdAt: '',
      updatedAt: '',
    };
    await expect(repo.create(member)).rejects.toBe(bug);
  });
});
