/* The tables scripts/gen-ssm-public-parameters writes into public_parameters.gen.c. */
#ifndef MOTOC_SSM_PUBLIC_PARAMETERS_DATA_H
#define MOTOC_SSM_PUBLIC_PARAMETERS_DATA_H

#include <stddef.h>
#include <stdint.h>

struct public_region {
    const char *code, *long_name, *partition, *domain;
};

struct public_service {
    const char *name, *partition;
};

struct public_service_region {
    uint16_t service, region; /* indexes of public_services and public_regions */
};

extern const struct public_region public_regions[];
extern const size_t public_regions_count;
extern const struct public_service public_services[];
extern const size_t public_services_count;
extern const struct public_service_region public_service_regions[];
extern const size_t public_service_regions_count;

#endif
