/* The S3 object keys Firehose writes: a prefix, with its !{timestamp:...} and !{firehose:...}
 * expressions evaluated (or the default YYYY/MM/DD/HH/ time prefix), then the object's own name
 * <stream>-<version>-<YYYY-MM-DD-HH-MM-SS>-<uuid>. Times are UTC. */
#ifndef MOTOC_FIREHOSE_OBJECT_KEY_H
#define MOTOC_FIREHOSE_OBJECT_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"

/* Whether prefix (a Prefix, or an ErrorOutputPrefix when error_prefix) holds only expressions
 * Firehose knows, well formed: !{timestamp:<Java date pattern>}, !{firehose:random-string},
 * in an ErrorOutputPrefix only !{firehose:error-output-type}, and in a Prefix of a destination
 * with dynamic partitioning !{partitionKeyFromQuery:name} and !{partitionKeyFromLambda:name}.
 * False with why otherwise. */
bool firehose_prefix_check(const char *prefix, bool error_prefix, bool dynamic_partitioning,
                           char *why, size_t size);

/* Whether prefix holds any expression. */
bool firehose_prefix_has_expressions(const char *prefix);

/* Appends the prefix for records that arrived at when (epoch seconds): its expressions
 * evaluated (partition keys from partition_keys, an object of key to string; absent ones are
 * empty); a prefix without expressions (or none) is followed by YYYY/MM/DD/HH/. For an error
 * output (error_output_type not NULL, e.g. "http-endpoint-failed"), a prefix without
 * expressions is followed by the type and the time prefix. The prefix must have passed
 * firehose_prefix_check. */
void firehose_prefix_expand(const char *prefix, double when, const char *error_output_type,
                            const cJSON *partition_keys, struct buf *out);

/* Appends an object's name: stream-version-YYYY-MM-DD-HH-MM-SS-uuid, then extension (may be
 * NULL or empty). */
void firehose_object_name(const char *stream, unsigned long version, double when,
                          const char *uuid, const char *extension, struct buf *out);

#endif
