/* Kinesis's hash keys and sequence numbers: MD5 routing, decimal text both ways, even ranges,
 * and sequence numbers whose order is their counter's. */
#include <stdint.h>
#include <string.h>

#include "../../services/kinesis/hash_key.h"
#include "check.h"

static const char *decimal(hash_key key, char out[HASH_KEY_DECIMAL_SIZE])
{
    hash_key_format(key, out);
    return out;
}

int main(void)
{
    char text[HASH_KEY_DECIMAL_SIZE];

    /* MD5("a") = 0cc175b9c0f1b6a831c399e269772661 */
    CHECK_STR(decimal(hash_key_of_partition_key("a"), text),
              "16955237001963240173058271559858726497", "the partition key's MD5, big-endian");
    CHECK_STR(decimal(HASH_KEY_MAX, text), "340282366920938463463374607431768211455",
              "2^128 - 1");
    CHECK_STR(decimal(0, text), "0", "zero");

    hash_key key;
    CHECK(hash_key_parse("340282366920938463463374607431768211455", &key) && key == HASH_KEY_MAX,
          "the largest key parses");
    CHECK(!hash_key_parse("340282366920938463463374607431768211456", &key), "2^128 refused");
    CHECK(!hash_key_parse("12a", &key) && !hash_key_parse("", &key) &&
              !hash_key_parse("-1", &key), "non-digits refused");
    CHECK(hash_key_parse("0", &key) && key == 0, "zero parses");

    for (unsigned count = 1; count <= 7; count++) {
        hash_key previous_end = 0;
        for (unsigned i = 0; i < count; i++) {
            hash_key start, end;
            hash_key_range_split(i, count, &start, &end);
            CHECK(i == 0 ? start == 0 : start == previous_end + 1,
                  "shard %u of %u starts after the previous one", i, count);
            CHECK(start < end, "shard %u of %u is not empty", i, count);
            previous_end = end;
        }
        CHECK(previous_end == HASH_KEY_MAX, "%u shards cover the key space", count);
    }
    hash_key start, end;
    hash_key_range_split(0, 2, &start, &end);
    CHECK_STR(decimal(end, text), "170141183460469231731687303715884105727",
              "two shards split at 2^127");

    char a[SEQUENCE_NUMBER_SIZE], b[SEQUENCE_NUMBER_SIZE];
    sequence_number_format(9, 3, a);
    sequence_number_format(10, 0, b);
    CHECK(strlen(a) == 56 && strlen(b) == 56, "56 digits, as AWS's");
    CHECK(strcmp(a, b) < 0, "a later counter is a larger number whatever the shard");
    uint64_t counter;
    CHECK(sequence_number_parse(b, &counter) && counter == 10, "the counter reads back");
    CHECK(!sequence_number_parse("10", &counter), "a short number is not motoc's");
    CHECK(!sequence_number_parse("4900000000000000000000000000000000000000000000000000000x",
                                 &counter), "non-digits refused");
    return test_summary("kinesis_hash_key");
}
