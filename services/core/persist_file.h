/* One file of a save: a header line, one line per record, a trailer line. Every line carries the
 * CRC-32 of its text and the trailer the record count and the CRC-32 of everything before it, so
 * a truncated, corrupted or shuffled file is refused with its path and the byte offset where it
 * goes wrong. Records are written and read one at a time: memory stays at one record whatever
 * the file's size. The README's "Persistence" section describes the format. */
#ifndef MOTOC_PERSIST_FILE_H
#define MOTOC_PERSIST_FILE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* The version of the file format (lines, header, trailer); a file of a newer version is
 * refused. */
#define PERSIST_FORMAT_VERSION 1
/* The longest line a reader accepts, so a damaged file cannot make it allocate without end. */
#define PERSIST_MAX_LINE_BYTES (64u << 20)

struct persist_file_writer;

/* Creates path (which must not exist) and writes its header naming the service and the version
 * of its records. NULL with err on failure. */
struct persist_file_writer *persist_file_create(const char *path, const char *service,
                                                int service_version, char *err, size_t size);
/* Appends one record. 0, or -1 with the writer's error (see persist_file_finish). */
int persist_file_append(struct persist_file_writer *w, const cJSON *record);
/* Writes the trailer and closes the file, freeing w; *records gets the record count. 0, or -1
 * with err (also reporting an earlier failed append). */
int persist_file_finish(struct persist_file_writer *w, uint64_t *records, char *err,
                        size_t size);
/* Closes and frees w without a trailer (the save failed elsewhere). */
void persist_file_abandon(struct persist_file_writer *w);

struct persist_file_reader;

/* Opens path and reads its header. NULL with err ("PATH: byte N: …") when the file cannot be
 * read, is not a save file, or is of a newer format version. */
struct persist_file_reader *persist_file_open(const char *path, char *err, size_t size);
const char *persist_file_service(const struct persist_file_reader *r);
int persist_file_service_version(const struct persist_file_reader *r);
const char *persist_file_path(const struct persist_file_reader *r);
/* The next record: 1 with *record (the reader's; valid until the next call), 0 once the trailer
 * has been read and checked, -1 with err naming the path and offset. */
int persist_file_next(struct persist_file_reader *r, const cJSON **record, char *err,
                      size_t size);
/* Where the record last returned starts, in bytes from the start of the file. */
uint64_t persist_file_record_offset(const struct persist_file_reader *r);
void persist_file_close(struct persist_file_reader *r);

#endif
