#if MPI
import CMPI
import Foundation

/// MPI's world communicator (Open MPI through `CMPI`). Only the thread that created it calls MPI
/// (`MPI_THREAD_FUNNELED`): the model core's workers never do. An MPI error in a collective ends the
/// whole job (MPI's default handler), so no rank waits for one that has failed.
package final class MPICommunicator: Communicator {
    package let rank: Int
    package let size: Int
    private let world: MPI_Comm
    private var finished = false

    package init() throws {
        var provided: Int32 = 0
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            let status = MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
            guard status == sketch_mpi_success() else { throw DistributedError.mpi("MPI_Init_thread failed (\(status))") }
        }
        world = sketch_mpi_comm_world()
        var r: Int32 = 0, n: Int32 = 0
        MPI_Comm_rank(world, &r)
        MPI_Comm_size(world, &n)
        rank = Int(r)
        size = Int(n)
    }

    package func broadcast(_ bytes: UnsafeMutableRawPointer, count: Int, from root: Int) {
        // MPI counts are Int32: large buffers go in pieces.
        var offset = 0
        while offset < count {
            let piece = min(count - offset, Int(Int32.max))
            MPI_Bcast(bytes + offset, Int32(piece), sketch_mpi_byte(), Int32(root), world)
            offset += piece
        }
    }

    package func sum(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var offset = 0
        while offset < count {
            let piece = min(count - offset, Int(Int32.max))
            MPI_Allreduce(sketch_mpi_in_place(), values + offset, Int32(piece), sketch_mpi_float(), sketch_mpi_sum(), world)
            offset += piece
        }
    }

    package func sum(_ values: UnsafeMutablePointer<Double>, count: Int) {
        MPI_Allreduce(sketch_mpi_in_place(), values, Int32(count), sketch_mpi_double(), sketch_mpi_sum(), world)
    }

    package func barrier() { MPI_Barrier(world) }

    package func abort(_ message: String, status: Int32) -> Never {
        fputs(message + "\n", stderr)
        fflush(stderr)
        MPI_Abort(world, status)
        exit(status)
    }

    package func finish() {
        guard !finished else { return }
        finished = true
        MPI_Finalize()
    }
}
#endif
