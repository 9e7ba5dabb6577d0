// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). The include path comes from pkg-config.
#include <cblas.h>
#include <openblas_config.h>
int openblas_get_num_threads(void);
void openblas_set_num_threads(int);
char *openblas_get_config(void);
char *openblas_get_corename(void);
