/* Kinesis's numbers that are not plain integers: 128-bit hash keys (a partition key's MD5 read
 * as a big-endian number, shards owning ranges of them) and sequence numbers (decimal strings
 * that increase per shard). Pure arithmetic, no state. */
#ifndef MOTOC_KINESIS_HASH_KEY_H
#define MOTOC_KINESIS_HASH_KEY_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned __int128 hash_key;

#define HASH_KEY_MAX (~(hash_key)0)
/* 2^128 - 1 has 39 decimal digits. */
#define HASH_KEY_DECIMAL_SIZE 40
/* AWS's sequence numbers are 56 decimal digits. */
#define SEQUENCE_NUMBER_SIZE 57

/* The hash key a partition key maps to: its MD5 digest as a big-endian number. */
hash_key hash_key_of_partition_key(const char *partition_key);

/* Decimal text; false when text is not digits only or exceeds 2^128 - 1. */
bool hash_key_parse(const char *text, hash_key *out);
void hash_key_format(hash_key key, char out[HASH_KEY_DECIMAL_SIZE]);

/* The range of shard index of count shards splitting the whole key space evenly (the last one
 * takes the remainder up to 2^128 - 1). */
void hash_key_range_split(unsigned index, unsigned count, hash_key *start, hash_key *end);

/* A sequence number: counter (increasing across the stream, so within each shard) and the
 * number of the shard it was written to, as 56 digits whose numeric order is counter's. */
void sequence_number_format(uint64_t counter, unsigned shard_number,
                            char out[SEQUENCE_NUMBER_SIZE]);
/* The counter a sequence number carries; false when text is not one motoc issued. */
bool sequence_number_parse(const char *text, uint64_t *counter);

#endif
