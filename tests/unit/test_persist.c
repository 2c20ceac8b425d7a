/* The persistence kit: saves that load back whole, and damaged, newer or interrupted saves that
 * are refused (or passed over) without ever leaving the running state half-loaded. Two small
 * test services stand in for the real ones; the last test checks every real one has a side of
 * the contract. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include "../../http/buf.h"
#include "../../services/core/link_or_copy.h"
#include "../../services/core/persist_store.h"
#include "check.h"

/* ---- "notes": records only ---- */

static cJSON *notes; /* array of strings */
static long kill_after = -1; /* the save kills its own process after this many records */

static int notes_save(struct state_writer *w)
{
    long written = 0;
    const cJSON *n;
    cJSON_ArrayForEach(n, notes)
    {
        if (written == kill_after)
            raise(SIGKILL);
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "note", n->valuestring);
        int rc = w->record(w, record);
        cJSON_Delete(record);
        if (rc != 0)
            return -1;
        written++;
    }
    return 0;
}

static int notes_load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version;
    const char *note = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(record, "note"));
    if (!note)
        return state_refuse(r, "a note without text");
    if (strcmp(note, "refuse me") == 0)
        return state_refuse(r, "note %d is refused", cJSON_GetArraySize(notes));
    cJSON_AddItemToArray(notes, cJSON_CreateString(note));
    return 0;
}

static void *notes_detach(void)
{
    cJSON *old = notes;
    notes = cJSON_CreateArray();
    return old;
}

static void notes_attach(void *detached)
{
    cJSON_Delete(notes);
    notes = detached;
}

static void notes_discard(void *detached)
{
    cJSON_Delete(detached);
}

static struct service_persistence notes_persistence = {
    1, notes_save, notes_load, notes_detach, notes_attach, notes_discard, NULL,
};
static const struct service_backend notes_backend = {
    .service = "notes",
    .persistence = &notes_persistence,
};

/* ---- "blobs": each record has a file beside it ---- */

static cJSON *blobs; /* name → content */
static char scratch[256];

static int blobs_save(struct state_writer *w)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, blobs)
    {
        char path[1024];
        snprintf(path, sizeof path, "%s/live-%s", scratch, b->string);
        FILE *f = fopen(path, "w");
        fputs(b->valuestring, f);
        fclose(f);
        cJSON *record = cJSON_CreateObject();
        cJSON_AddStringToObject(record, "name", b->string);
        int rc = w->record(w, record);
        cJSON_Delete(record);
        if (rc != 0 || w->file(w, path, b->string) != 0)
            return -1;
    }
    return 0;
}

static int blobs_load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version;
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(record, "name"));
    const char *path = name ? r->file_path(r, name) : NULL;
    if (!path)
        return state_refuse(r, "blob %s has no file", name ? name : "(unnamed)");
    char content[256] = "";
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(content, 1, sizeof content - 1, f) : 0;
    content[n] = '\0';
    if (f)
        fclose(f);
    cJSON_AddStringToObject(blobs, name, content);
    return 0;
}

static void *blobs_detach(void)
{
    cJSON *old = blobs;
    blobs = cJSON_CreateObject();
    return old;
}

static void blobs_attach(void *detached)
{
    cJSON_Delete(blobs);
    blobs = detached;
}

static const struct service_persistence blobs_persistence = {
    1, blobs_save, blobs_load, blobs_detach, blobs_attach, notes_discard, NULL,
};
static const struct service_backend blobs_backend = {
    .service = "blobs",
    .persistence = &blobs_persistence,
};

static const struct service_backend *const test_backends[] = {&notes_backend, &blobs_backend,
                                                               NULL};

/* ---- helpers ---- */

static char err[1024];

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void fill_state(const char *marker)
{
    cJSON_Delete(notes);
    cJSON_Delete(blobs);
    notes = cJSON_CreateArray();
    blobs = cJSON_CreateObject();
    for (int i = 0; i < 20; i++) {
        char text[128];
        snprintf(text, sizeof text, "%s %d: \"quoted\"\nnew line, tab\t, é, ✓", marker, i);
        cJSON_AddItemToArray(notes, cJSON_CreateString(text));
    }
    cJSON_AddStringToObject(blobs, "a.bin", marker);
    cJSON_AddStringToObject(blobs, "b_2-x", "second blob");
}

static char *state_text(void)
{
    cJSON *all = cJSON_CreateObject();
    cJSON_AddItemToObject(all, "notes", cJSON_Duplicate(notes, true));
    cJSON_AddItemToObject(all, "blobs", cJSON_Duplicate(blobs, true));
    char *text = cJSON_PrintUnformatted(all);
    cJSON_Delete(all);
    return text;
}

static int save(const char *dir)
{
    return persist_save_backends(test_backends, dir, err, sizeof err);
}

static int load(const char *dir)
{
    err[0] = '\0';
    return persist_load_backends(test_backends, dir, err, sizeof err);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data ? buf_take(&b) : xstrdup("");
}

static void write_all(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

/* The path of file in the generation CURRENT names. */
static void current_file(const char *dir, const char *file, char *out, size_t size)
{
    char current[256], generation[64] = "";
    snprintf(current, sizeof current, "%s/CURRENT", dir);
    FILE *f = fopen(current, "r");
    if (f) {
        if (!fgets(generation, sizeof generation, f))
            generation[0] = '\0';
        fclose(f);
    }
    generation[strcspn(generation, "\n")] = '\0';
    snprintf(out, size, "%s/%s/%s", dir, generation, file);
}

/* One line of the file format, with its checksum. */
static void append_line(struct buf *b, char kind, const char *json)
{
    char head[2] = {kind, ' '};
    uLong crc = crc32(0L, (const Bytef *)head, 2);
    crc = crc32(crc, (const Bytef *)json, (uInt)strlen(json));
    buf_printf(b, "%08lx %c %s\n", crc, kind, json);
}

static void append_trailer(struct buf *b, int records)
{
    char json[128];
    snprintf(json, sizeof json, "{\"records\":%d,\"crc32\":\"%08lx\",\"future\":[1,2]}", records,
             crc32(0L, (const Bytef *)b->data, (uInt)b->len));
    append_line(b, 'T', json);
}

/* ---- tests ---- */

static void test_round_trip(const char *dir)
{
    fill_state("saved");
    char *before = state_text();
    CHECK(save(dir) == 0, "save: %s", err);
    fill_state("running");
    CHECK(load(dir) == PERSIST_LOADED, "load: %s", err);
    char *after = state_text();
    CHECK_STR(after, before, "the loaded state is the saved one");
    free(after);

    /* Saving again replaces the save and leaves one generation. */
    cJSON_AddItemToArray(notes, cJSON_CreateString("one more"));
    char *second = state_text();
    CHECK(save(dir) == 0, "second save: %s", err);
    fill_state("running");
    CHECK(load(dir) == PERSIST_LOADED, "load of the second save: %s", err);
    after = state_text();
    CHECK_STR(after, second, "the second save is loaded");
    free(after);
    free(second);
    free(before);

    char path[1024];
    current_file(dir, "blobs.files/a.bin", path, sizeof path);
    struct stat st;
    CHECK(stat(path, &st) == 0 && S_ISREG(st.st_mode), "kept file at %s", path);
    int generations = 0;
    for (int i = 0; i < 10; i++) {
        char gen[1024];
        snprintf(gen, sizeof gen, "%s/gen-%d", dir, i);
        generations += stat(gen, &st) == 0;
    }
    CHECK(generations == 1, "%d generations left", generations);
}

static void test_nothing_saved(const char *dir)
{
    char missing[1024], empty[1024];
    snprintf(missing, sizeof missing, "%s/missing", dir);
    snprintf(empty, sizeof empty, "%s/empty", dir);
    mkdir(empty, 0700);
    fill_state("running");
    char *before = state_text();
    CHECK(load(missing) == PERSIST_NOTHING_SAVED, "missing directory: %s", err);
    CHECK(load(empty) == PERSIST_NOTHING_SAVED, "empty directory: %s", err);
    char *after = state_text();
    CHECK_STR(after, before, "nothing to load leaves the state alone");
    free(before);
    free(after);
}

/* Every cut of the file is refused with its path and an offset; the running state stays. */
static void test_truncation(const char *dir)
{
    fill_state("saved");
    CHECK(save(dir) == 0, "save: %s", err);
    char path[1024];
    current_file(dir, "notes.records", path, sizeof path);
    size_t len;
    char *whole = read_all(path, &len);
    CHECK(whole && len > 100, "read %s", path);
    fill_state("running");
    char *running = state_text();
    int accepted = 0, unnamed = 0;
    for (size_t cut = 0; whole && cut < len; cut++) {
        write_all(path, whole, cut);
        if (load(dir) != -1)
            accepted++;
        else if (!strstr(err, path) || !strstr(err, ": byte "))
            unnamed++;
        char *now = state_text();
        if (strcmp(now, running) != 0)
            accepted += 1000;
        free(now);
    }
    CHECK(accepted == 0, "%d truncated loads accepted or changed the state", accepted);
    CHECK(unnamed == 0, "%d refusals without file and offset, e.g. %s", unnamed, err);
    if (whole) {
        write_all(path, whole, len / 2);
        load(dir);
        CHECK(strstr(err, "truncated") != NULL, "says truncated: %s", err);
        write_all(path, whole, len);
    }
    CHECK(load(dir) == PERSIST_LOADED, "the restored file loads: %s", err);
    free(whole);
    free(running);
}

/* Any byte changed is refused, and the message names the file and where. */
static void test_corruption(const char *dir)
{
    fill_state("saved");
    CHECK(save(dir) == 0, "save: %s", err);
    char path[1024];
    current_file(dir, "notes.records", path, sizeof path);
    size_t len;
    char *whole = read_all(path, &len);
    fill_state("running");
    char *running = state_text();
    static const unsigned char flips[] = {0x01, 0x20, 0x80};
    int accepted = 0, unnamed = 0;
    for (size_t i = 0; whole && i < len; i++) {
        for (size_t f = 0; f < sizeof flips; f++) {
            whole[i] ^= (char)flips[f];
            write_all(path, whole, len);
            whole[i] ^= (char)flips[f];
            if (load(dir) != -1)
                accepted++;
            else if (!strstr(err, path) || !strstr(err, ": byte "))
                unnamed++;
        }
    }
    char *now = state_text();
    CHECK_STR(now, running, "refused loads leave the running state");
    CHECK(accepted == 0, "%d corrupted loads accepted", accepted);
    CHECK(unnamed == 0, "%d refusals without file and offset, e.g. %s", unnamed, err);
    if (whole) {
        /* A change in the third record's text points at that record's line. */
        const char *third = strstr(whole, "saved 2:");
        size_t at = (size_t)(third - whole);
        size_t line_start = at;
        while (line_start > 0 && whole[line_start - 1] != '\n')
            line_start--;
        whole[at] = 'S';
        write_all(path, whole, len);
        load(dir);
        char want[64];
        snprintf(want, sizeof want, ": byte %zu: ", line_start);
        CHECK(strstr(err, want) && strstr(err, "checksum"), "names byte %zu: %s", line_start,
              err);
        whole[at] = 's';
        write_all(path, whole, len);
    }
    CHECK(load(dir) == PERSIST_LOADED, "the restored file loads: %s", err);
    free(now);
    free(whole);
    free(running);
}

/* Members a reader does not know are passed over, in the header, records and trailer. */
static void test_unknown_members(const char *dir)
{
    fill_state("saved");
    CHECK(save(dir) == 0, "save: %s", err);
    char path[1024];
    current_file(dir, "notes.records", path, sizeof path);
    struct buf file = BUF_INIT;
    append_line(&file, 'H', "{\"format\":\"motoc-state\",\"version\":1,\"service\":\"notes\","
                            "\"service_version\":1,\"written_by\":\"a later motoc\"}");
    append_line(&file, 'R', "{\"note\":\"first\",\"colour\":\"blue\",\"nested\":{\"a\":[1]}}");
    append_line(&file, 'R', "{\"priority\":3,\"note\":\"second\"}");
    append_trailer(&file, 2);
    write_all(path, file.data, file.len);
    buf_free(&file);
    /* The manifest counted the original records. */
    char manifest[1024];
    current_file(dir, "manifest.records", manifest, sizeof manifest);
    struct buf m = BUF_INIT;
    append_line(&m, 'H', "{\"format\":\"motoc-state\",\"version\":1,\"service\":\"manifest\","
                         "\"service_version\":1}");
    append_line(&m, 'R', "{\"service\":\"notes\",\"file\":\"notes.records\",\"records\":2}");
    append_line(&m, 'R', "{\"service\":\"blobs\",\"file\":\"blobs.records\",\"records\":2}");
    append_line(&m, 'R', "{\"service\":\"lambda\",\"file\":\"lambda.records\",\"records\":9}");
    append_trailer(&m, 3);
    write_all(manifest, m.data, m.len);
    buf_free(&m);
    fill_state("running");
    CHECK(load(dir) == PERSIST_LOADED, "load: %s", err);
    CHECK(cJSON_GetArraySize(notes) == 2, "%d notes", cJSON_GetArraySize(notes));
    CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(notes, 1)), "second", "second note");
}

static void test_newer_versions(const char *dir)
{
    fill_state("saved");
    CHECK(save(dir) == 0, "save: %s", err);
    char path[1024];
    current_file(dir, "notes.records", path, sizeof path);
    fill_state("running");
    char *running = state_text();

    struct buf file = BUF_INIT;
    append_line(&file, 'H', "{\"format\":\"motoc-state\",\"version\":2,\"service\":\"notes\","
                            "\"service_version\":1}");
    append_trailer(&file, 0);
    write_all(path, file.data, file.len);
    CHECK(load(dir) == -1 && strstr(err, "newer motoc") && strstr(err, path),
          "a newer format is refused: %s", err);

    buf_reset(&file);
    append_line(&file, 'H', "{\"format\":\"motoc-state\",\"version\":1,\"service\":\"notes\","
                            "\"service_version\":7}");
    append_trailer(&file, 0);
    write_all(path, file.data, file.len);
    CHECK(load(dir) == -1 && strstr(err, "newer motoc") && strstr(err, "version 7"),
          "newer records are refused: %s", err);
    buf_free(&file);

    /* Records of an older version load, and the service is told which. */
    notes_persistence.format_version = 2;
    fill_state("saved");
    CHECK(save(dir) == 0, "save: %s", err);
    notes_persistence.format_version = 1;
    CHECK(load(dir) == -1 && strstr(err, "version 2"), "version 2 under 1: %s", err);
    notes_persistence.format_version = 3;
    CHECK(load(dir) == PERSIST_LOADED, "version 2 under 3: %s", err);
    notes_persistence.format_version = 1;

    fill_state("running");
    char *now = state_text();
    CHECK_STR(now, running, "state after the refusals");
    free(now);
    free(running);
}

/* A save killed halfway, and one that left a partial generation behind, leave the previous
 * save the one that loads; the next save clears what they left. */
static void test_interrupted_save(const char *dir)
{
    fill_state("first");
    char *first = state_text();
    CHECK(save(dir) == 0, "save: %s", err);

    fill_state("second");
    for (long k = 0; k < 20; k += 7) {
        pid_t pid = fork();
        if (pid == 0) {
            kill_after = k;
            save(dir);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the save was killed");
        fill_state("running");
        CHECK(load(dir) == PERSIST_LOADED, "load after a killed save: %s", err);
        char *now = state_text();
        CHECK_STR(now, first, "the previous save loads after a kill at record %ld", k);
        free(now);
    }

    char partial[1024];
    snprintf(partial, sizeof partial, "%s/gen-99", dir);
    mkdir(partial, 0700);
    char junk[1100];
    snprintf(junk, sizeof junk, "%s/notes.records", partial);
    write_all(junk, "0000", 4);
    snprintf(junk, sizeof junk, "%s/CURRENT.tmp", dir);
    write_all(junk, "gen-99\n", 7);
    CHECK(load(dir) == PERSIST_LOADED, "load with a partial generation: %s", err);
    char *now = state_text();
    CHECK_STR(now, first, "the partial generation is not loaded");
    free(now);

    fill_state("third");
    char *third = state_text();
    CHECK(save(dir) == 0, "save after interruptions: %s", err);
    struct stat st;
    CHECK(stat(partial, &st) != 0, "the partial generation is gone");
    CHECK(stat(junk, &st) != 0, "CURRENT.tmp is gone");
    fill_state("running");
    CHECK(load(dir) == PERSIST_LOADED, "load: %s", err);
    now = state_text();
    CHECK_STR(now, third, "the new save loads");
    free(now);
    free(third);
    free(first);
}

/* A record a service refuses stops the load: every service gets its running state back. */
static void test_refused_record(const char *dir)
{
    fill_state("saved");
    cJSON_AddItemToArray(notes, cJSON_CreateString("refuse me"));
    CHECK(save(dir) == 0, "save: %s", err);
    fill_state("running");
    cJSON_AddStringToObject(blobs, "only-running", "x");
    char *running = state_text();
    CHECK(load(dir) == -1, "the load is refused");
    CHECK(strstr(err, "notes.records: byte ") && strstr(err, "note 20 is refused"),
          "message: %s", err);
    char *now = state_text();
    CHECK_STR(now, running, "nothing is half-loaded");
    free(now);
    free(running);

    /* A kept file gone missing is the service's refusal. */
    fill_state("saved");
    CHECK(save(dir) == 0, "save: %s", err);
    char path[1024];
    current_file(dir, "blobs.files/a.bin", path, sizeof path);
    unlink(path);
    CHECK(load(dir) == -1 && strstr(err, "blob a.bin has no file") && strstr(err, "blobs.records"),
          "missing file: %s", err);

    /* A missing service file is refused, not taken for an empty service. */
    CHECK(save(dir) == 0, "save: %s", err);
    current_file(dir, "notes.records", path, sizeof path);
    unlink(path);
    CHECK(load(dir) == -1 && strstr(err, path), "missing records: %s", err);

    /* CURRENT naming a generation that is not there. */
    CHECK(save(dir) == 0, "save: %s", err);
    char current[1024];
    snprintf(current, sizeof current, "%s/CURRENT", dir);
    write_all(current, "gen-12345\n", 10);
    CHECK(load(dir) == -1 && strstr(err, "CURRENT"), "dangling CURRENT: %s", err);
    CHECK(save(dir) == 0, "a save repairs it: %s", err);
    CHECK(load(dir) == PERSIST_LOADED, "load: %s", err);
}

static int refuse_file_save(struct state_writer *w)
{
    cJSON *record = cJSON_CreateObject();
    int rc = w->record(w, record);
    cJSON_Delete(record);
    if (rc == 0 && w->file(w, "/nonexistent/file", "x") == 0)
        return 0;
    return -1;
}

/* A save that fails (here: a file that cannot be kept) changes nothing on disk. */
static void test_failed_save(const char *dir)
{
    fill_state("saved");
    char *saved = state_text();
    CHECK(save(dir) == 0, "save: %s", err);
    struct service_persistence failing = blobs_persistence;
    failing.save = refuse_file_save;
    const struct service_backend failing_backend = {.service = "blobs",
                                                    .persistence = &failing};
    const struct service_backend *const backends[] = {&notes_backend, &failing_backend, NULL};
    fill_state("unsaved");
    CHECK(persist_save_backends(backends, dir, err, sizeof err) == -1 &&
              strstr(err, "/nonexistent/file"),
          "failed save: %s", err);
    fill_state("running");
    CHECK(load(dir) == PERSIST_LOADED, "load: %s", err);
    char *now = state_text();
    CHECK_STR(now, saved, "the previous save is intact");
    free(now);
    free(saved);
}

static void test_link_or_copy(const char *dir)
{
    char from[1024], to[1024];
    snprintf(from, sizeof from, "%s/source", dir);
    snprintf(to, sizeof to, "%s/copy", dir);
    write_all(from, "bytes", 5);
    CHECK(link_or_copy(from, to) == 0, "link_or_copy: %s", strerror(errno));
    size_t len;
    char *got = read_all(to, &len);
    CHECK(got && len == 5 && memcmp(got, "bytes", 5) == 0, "same bytes");
    free(got);
    CHECK(link_or_copy(from, to) == -1 && errno == EEXIST, "never overwrites");
    /* /dev/shm is another filesystem on most machines: the copy path. */
    char shm[] = "/dev/shm/motoc-persist-XXXXXX";
    int fd = mkstemp(shm);
    if (fd >= 0) {
        CHECK(write(fd, "other fs", 8) == 8, "write");
        close(fd);
        char across[1024];
        snprintf(across, sizeof across, "%s/across", dir);
        CHECK(link_or_copy(shm, across) == 0, "across filesystems: %s", strerror(errno));
        got = read_all(across, &len);
        CHECK(got && len == 8 && memcmp(got, "other fs", 8) == 0, "copied bytes");
        free(got);
        unlink(shm);
    }
}

static void test_configured_dir_is_absolute(void)
{
    persist_set_dir("relative/state");
    const char *dir = persist_dir();
    CHECK(dir && dir[0] == '/' && strstr(dir, "/relative/state") &&
              strlen(strstr(dir, "/relative/state")) == strlen("/relative/state"),
          "made absolute: %s", dir ? dir : "(null)");
    persist_set_dir("/abs");
    CHECK_STR(persist_dir(), "/abs", "kept as given");
    persist_set_dir(NULL);
    CHECK(persist_dir() == NULL, "cleared");
}

/* Every service motoc implements saves and loads its whole state. */
static void test_every_backend_has_persistence(void)
{
    for (const struct service_backend *const *b = service_backends; *b; b++) {
        const struct service_persistence *p = (*b)->persistence;
        CHECK(p && p->format_version >= 1 && p->save && p->load &&
                  (p->regional_states || (p->detach && p->attach && p->discard)),
              "%s implements the whole persistence contract", (*b)->service);
    }
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/motoc-persist-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        return 1;
    }
    char dir[300];
    snprintf(dir, sizeof dir, "%s/state", scratch);

    test_round_trip(dir);
    test_nothing_saved(scratch);
    test_truncation(dir);
    test_corruption(dir);
    test_unknown_members(dir);
    test_newer_versions(dir);
    test_interrupted_save(dir);
    test_refused_record(dir);
    test_failed_save(dir);
    test_link_or_copy(scratch);
    test_configured_dir_is_absolute();
    test_every_backend_has_persistence();

    cJSON_Delete(notes);
    cJSON_Delete(blobs);
    remove_tree(scratch);
    return test_summary("persist");
}
