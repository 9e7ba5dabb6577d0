// Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are macros over the addresses of
// library globals, which Swift cannot import: these functions hand them over as values.
#include <mpi.h>

static inline MPI_Comm sketch_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype sketch_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype sketch_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype sketch_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype sketch_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Op sketch_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op sketch_mpi_max(void) { return MPI_MAX; }
static inline void *sketch_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Errhandler sketch_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline int sketch_mpi_success(void) { return MPI_SUCCESS; }
static inline int sketch_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
