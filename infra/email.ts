import { senderAddress, senderIdentityExists } from './config';

// Crew emails go out through SES v2 from one address, SCC_SENDER (infra/config.ts). The
// component creates an SES email-address identity for it and a configuration set, and its
// link gives the Lambda `Resource.SccEmail.sender` (the From address), `.configSet` and the
// permission to send.
//
// Before crew get any email:
// 1. Verify the address. On the first deploy SES mails a verification link to SCC_SENDER;
//    open it (within 24 hours; if it lapsed, "Send verification email again" on the identity
//    in the SES console). Until then every send fails with MessageRejected ("Email address is
//    not verified"), and the booking's crewEmails step reports it and can be retried.
//    For better deliverability also verify the sender's whole domain with DKIM in the SES
//    console (or with a second `sst.aws.Email` whose sender is the domain), and publish
//    SPF/DMARC for it.
// 2. Leave the SES sandbox, once per account and region. In the sandbox SES only delivers to
//    verified addresses, at most 200 emails a day. Request production access in the SES
//    console (Account dashboard > Request production access), or:
//      aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL \
//        --website-url "https://…" --use-case-description "Trip emails to our own crew"
//    AWS answers within about a day. Until then, verify each crew address as an identity to
//    test with.
//
// SES keeps one identity per address in an account and region, so only one stage there may
// create it; every other stage sets SCC_SENDER_EXISTS=true and uses it (that identity must
// have a default configuration set, as the ones this component creates do).
const sender = senderAddress();

export const email = senderIdentityExists
  ? sst.aws.Email.get('SccEmail', sender)
  : new sst.aws.Email('SccEmail', { sender });
