/* Hash keys and sequence numbers of Kinesis (hash_key.h). */
#include "hash_key.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

hash_key hash_key_of_partition_key(const char *partition_key)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(partition_key, strlen(partition_key), digest, &len, EVP_md5(), NULL);
    hash_key key = 0;
    for (unsigned i = 0; i < 16; i++)
        key = (key << 8) | digest[i];
    return key;
}

bool hash_key_parse(const char *text, hash_key *out)
{
    if (!text || !text[0])
        return false;
    hash_key key = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned digit = (unsigned)(*p - '0');
        if (key > (HASH_KEY_MAX - digit) / 10)
            return false;
        key = key * 10 + digit;
    }
    *out = key;
    return true;
}

void hash_key_format(hash_key key, char out[HASH_KEY_DECIMAL_SIZE])
{
    char reversed[HASH_KEY_DECIMAL_SIZE];
    size_t n = 0;
    do {
        reversed[n++] = (char)('0' + (unsigned)(key % 10));
        key /= 10;
    } while (key);
    for (size_t i = 0; i < n; i++)
        out[i] = reversed[n - 1 - i];
    out[n] = '\0';
}

void hash_key_range_split(unsigned index, unsigned count, hash_key *start, hash_key *end)
{
    /* floor(2^128 / count), as AWS splits a new stream */
    hash_key width = HASH_KEY_MAX / count + (HASH_KEY_MAX % count == count - 1);
    *start = width * index;
    *end = index + 1 == count ? HASH_KEY_MAX : width * (index + 1) - 1;
}

void sequence_number_format(uint64_t counter, unsigned shard_number,
                            char out[SEQUENCE_NUMBER_SIZE])
{
    snprintf(out, SEQUENCE_NUMBER_SIZE, "49%030" PRIu64 "%024u", counter, shard_number);
}

bool sequence_number_parse(const char *text, uint64_t *counter)
{
    if (!text || strlen(text) != SEQUENCE_NUMBER_SIZE - 1 || strncmp(text, "49", 2) != 0)
        return false;
    uint64_t value = 0;
    for (size_t i = 2; i < 32; i++) {
        if (text[i] < '0' || text[i] > '9' || value > (UINT64_MAX - 9) / 10)
            return false;
        value = value * 10 + (uint64_t)(text[i] - '0');
    }
    for (size_t i = 32; text[i]; i++)
        if (text[i] < '0' || text[i] > '9')
            return false;
    *counter = value;
    return true;
}
