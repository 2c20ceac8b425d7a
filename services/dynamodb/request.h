/* What DynamoDB's operations share: the region of a call, table lookups, the checks every item
 * request makes (keys, items, expression placeholders) and consumed capacity. */
#ifndef MOTOC_DDB_REQUEST_H
#define MOTOC_DDB_REQUEST_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "expr.h"
#include "table.h"

struct ddb_region *ddb_call_region(const struct call *c);

/* ValidationException, 400. Returns -1. */
int ddb_validation(struct call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* ResourceNotFoundException "Requested resource not found". Returns -1. */
int ddb_not_found(struct call *c);
/* TransactionCanceledException naming each reason's code, with the reasons (taken over) as
 * CancellationReasons. Returns -1. */
int ddb_fail_transaction_cancelled(struct call *c, cJSON *reasons);

/* The table named by in's TableName (name or ARN), expired items dropped; NULL after failing the
 * call with ResourceNotFoundException. */
struct ddb_table *ddb_require_table(struct call *c, const cJSON *in);
struct ddb_table *ddb_require_table_named(struct call *c, const char *name);

/* A Key parameter: exactly the table's key attributes with the right types. 0 or -1 (failed). */
int ddb_check_key(struct call *c, const struct ddb_table *t, const cJSON *key);
/* An Item parameter: valid values (numbers canonicalised in place), key attributes present with
 * the right types, index keys typed, size within limits. 0 or -1. */
int ddb_check_item(struct call *c, const struct ddb_table *t, cJSON *item);
/* The keys of an item as an object of the key attributes (new). */
cJSON *ddb_key_of(const struct ddb_table *t, const cJSON *item);

/* Validates ExpressionAttributeNames/Values of in (values canonicalised in place, which is why
 * in is not const) and sets up ctx. 0 or -1. */
int ddb_expr_begin(struct call *c, cJSON *in, struct expr_ctx *ctx);
/* Parses in[member] as a condition (NULL when absent). 0 or -1. */
int ddb_parse_condition(struct call *c, struct expr_ctx *ctx, const cJSON *in, const char *member,
                        struct expr **out);
int ddb_parse_projection(struct call *c, struct expr_ctx *ctx, const cJSON *in,
                         struct projection **out);
/* The unused-placeholder check, failing the call. */
int ddb_expr_finish(struct call *c, struct expr_ctx *ctx);
/* Names/values given without any expression to use them. */
int ddb_check_placeholders_without_expressions(struct call *c, const cJSON *in);
/* Rejects requests mixing a legacy parameter with an expression one. */
int ddb_check_no_mixing(struct call *c, const cJSON *in, const char *legacy,
                        const char *expression);

/* ConsumedCapacity for ReturnConsumedCapacity, added to out (or to a list): the units in all
 * and, for INDEXES, the table's share. Only transactions name read and write units apart. */
void ddb_add_capacity(const cJSON *in, cJSON *out, const struct ddb_table *t, double units);
cJSON *ddb_capacity_json(const cJSON *in, const struct ddb_table *t, double units);
double ddb_read_units(size_t bytes, bool consistent);
double ddb_write_units(size_t bytes);

/* ConditionalCheckFailedException, with the item when ReturnValuesOnConditionCheckFailure asks. */
int ddb_condition_failed(struct call *c, const cJSON *in, const cJSON *old_item);

#endif
