/// Writes numpy object arrays of numeric arrays as a protocol-3 pickle, in the same shape numpy
/// itself writes (`_reconstruct` + `BUILD` per array), using only opcodes `SafePickle` reads.
enum PickleWriter {
    static func pickle(_ array: NumpyArray) -> [UInt8] {
        var out: [UInt8] = [0x80, 3]
        var globalsWritten = false
        write(array, into: &out, globalsWritten: &globalsWritten)
        out.append(0x2E)  // STOP
        return out
    }

    /// The three globals are written where first used and memoised (0-2), then fetched.
    private static func write(_ array: NumpyArray, into out: inout [UInt8], globalsWritten: inout Bool) {
        // _reconstruct(ndarray, (0,), b'b')
        if globalsWritten {
            out += [0x68, 0, 0x68, 1]
        } else {
            out += Array("cnumpy.core.multiarray\n_reconstruct\n".utf8) + [0x71, 0]
            out += Array("cnumpy\nndarray\n".utf8) + [0x71, 1]
        }
        out += [0x4B, 0, 0x85, 0x43, 1, 0x62, 0x87, 0x52]
        out.append(0x28)  // MARK: the state tuple
        out += [0x4B, 1]
        out.append(0x28)
        for n in array.shape { int(n, into: &out) }
        out.append(0x74)
        // dtype(name, False, True) with state (3, order, None, None, None, -1, -1, flags)
        if globalsWritten {
            out += [0x68, 2]
        } else {
            out += Array("cnumpy\ndtype\n".utf8) + [0x71, 2]
            globalsWritten = true
        }
        text(array.dtype.pickleName, into: &out)
        out += [0x89, 0x88, 0x87, 0x52, 0x28, 0x4B, 3]
        text(array.dtype.kind == .object || array.dtype.size == 1 ? "|" : "<", into: &out)
        out += [0x4E, 0x4E, 0x4E]
        int(-1, into: &out)
        int(-1, into: &out)
        int(array.dtype.kind == .object ? 63 : 0, into: &out)
        out += [0x74, 0x62]
        out.append(0x89)  // not Fortran order
        if array.dtype.kind == .object {
            out += [0x5D, 0x28]  // EMPTY_LIST, MARK
            for item in array.objects { write(item, into: &out, globalsWritten: &globalsWritten) }
            out.append(0x65)  // APPENDS
        } else {
            let n = array.bytes.count
            if n < 256 {
                out += [0x43, UInt8(n)]
            } else {
                out.append(0x42)
                le32(n, into: &out)
            }
            out += array.bytes
        }
        out += [0x74, 0x62]  // TUPLE (state), BUILD
    }

    private static func int(_ n: Int, into out: inout [UInt8]) {
        if (0..<256).contains(n) {
            out += [0x4B, UInt8(n)]
        } else if (0..<65536).contains(n) {
            out += [0x4D, UInt8(n & 0xFF), UInt8(n >> 8)]
        } else {
            out.append(0x4A)
            le32(Int(Int32(truncatingIfNeeded: n)), into: &out)
        }
    }

    private static func text(_ s: String, into out: inout [UInt8]) {
        out.append(0x58)  // BINUNICODE
        le32(s.utf8.count, into: &out)
        out += Array(s.utf8)
    }

    private static func le32(_ n: Int, into out: inout [UInt8]) {
        let u = UInt32(truncatingIfNeeded: n)
        out += [UInt8(u & 0xFF), UInt8((u >> 8) & 0xFF), UInt8((u >> 16) & 0xFF), UInt8(u >> 24)]
    }
}
