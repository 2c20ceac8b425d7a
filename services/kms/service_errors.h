/* How services that use KMS keys (S3, SQS) pass KMS's refusals on: as 400 errors coded
 * "KMS.<KMS's code>" (KMS.NotFoundException, KMS.DisabledException, KMS.InvalidStateException
 * for KMSInvalidStateException), with KMS's message. */
#ifndef MOTOC_KMS_SERVICE_ERRORS_H
#define MOTOC_KMS_SERVICE_ERRORS_H

struct proto_error;

/* Sets out from kms_error (which stays as it is); returns -1 for the caller to return. */
int kms_pass_on_error(const struct proto_error *kms_error, struct proto_error *out);

#endif
