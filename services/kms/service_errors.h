/* How services that use KMS keys pass KMS's refusals on: S3 and SQS as 400 errors coded
 * "KMS.<KMS's code>" (KMS.NotFoundException, KMS.DisabledException, KMS.InvalidStateException
 * for KMSInvalidStateException) with KMS's message; others quote KMS's error in their own. */
#ifndef MOTOC_KMS_SERVICE_ERRORS_H
#define MOTOC_KMS_SERVICE_ERRORS_H

struct proto_error;

/* Sets out from kms_error (which stays as it is); returns -1 for the caller to return. */
int kms_pass_on_error(const struct proto_error *kms_error, struct proto_error *out);

/* KMS's refusal as services built on the Java SDK quote it in their own errors (SSM's
 * InvalidKeyId, DynamoDB's ValidationException): "<message> (Service: AWSKMS; Status Code: 400;
 * Error Code: <code>; Request ID: <id>; Proxy: null)". Owned by the caller. */
char *kms_quoted_error(const struct proto_error *kms_error);

#endif
