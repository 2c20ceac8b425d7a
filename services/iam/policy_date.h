/* The dates of IAM policy conditions (the Date* operators): what IAM's parser accepts when a
 * policy is stored, and the instant each one names when a policy is evaluated. One reader serves
 * both, so any date a stored policy holds is one the evaluator can compare. */
#ifndef MOTOC_IAM_POLICY_DATE_H
#define MOTOC_IAM_POLICY_DATE_H

#include <stdbool.h>

/* Epoch seconds that fit 64 bits (digits alone are always these, never a year), or ISO 8601 as
 * loosely as IAM reads it: a year of 1-4 digits, optional -MM and -DD, then optionally T (either
 * case), a time h[h][:mm[:ss[.fraction of up to 9 digits]]] and a zone Z or +hh[[:]mm] (UTC when
 * absent). false when the text is none of these; otherwise the instant in seconds since the
 * epoch goes to *seconds unless it is NULL. */
bool policy_date_parse(const char *text, double *seconds);

#endif
