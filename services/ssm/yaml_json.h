/* YAML to JSON and back, for SSM documents, which are written in either format and read in
 * either. */
#ifndef MOTOC_SSM_YAML_JSON_H
#define MOTOC_SSM_YAML_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* The first document of a YAML text as JSON (plain scalars resolved as YAML 1.1 does: null,
 * booleans, integers, floats, else strings), or NULL when the text is not YAML. */
cJSON *yaml_to_json(const char *text, size_t len);

/* A YAML text of the JSON value (owned by the caller); strings are quoted, so reading it back
 * gives the same value. */
char *json_to_yaml(const cJSON *value);

#endif
