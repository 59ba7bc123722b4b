// Loaded on first use (aws-outside.ts): guest page invalidations.
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudFrontInvalidator } from '@scc/aws/cloudfront/invalidator';

export const createInvalidator = (distributionId: string) => new CloudFrontInvalidator(new CloudFrontClient({}), distributionId);
