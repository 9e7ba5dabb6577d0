/// Reads the numpy object arrays that sketch-rnn `.npz` files hold, from a Python pickle, without
/// ever executing anything: it understands exactly the opcodes real files use (Python 2 and 3
/// protocol 2, numpy's protocol 4; docs/model.md §1) and the globals `numpy.core.multiarray._reconstruct`
/// (or `numpy._core...`), `numpy.ndarray`, `numpy.dtype` and `_codecs.encode` (latin-1 only),
/// and refuses everything else.
///
/// No input can make anything here recurse deeply: the machine builds values with its own stack,
/// and every value knows its nesting depth as it is made (a list's once it is put inside another
/// value, after which it may not change), so lists and tuples nested more than `maxNesting` deep,
/// object arrays nested more than `maxArrayNesting` deep and more than `maxOpenMarks` open MARKs
/// are refused as they are built. (A tuple nested 60 000 deep was once released by 60 000 nested
/// calls, which overflowed the thread's stack.) numpy's object arrays need a depth of 3 or so.
enum SafePickle {
    static let maxNesting = 100
    /// Sketch files hold object arrays of numeric arrays: two levels.
    static let maxArrayNesting = 8
    static let maxOpenMarks = 1000

    /// Parses a pickle whose result is a numpy array (object arrays holding numeric arrays).
    static func readArray(_ data: UnsafeRawBufferPointer) throws -> NumpyArray {
        var machine = Machine(data: data)
        let result = try machine.run()
        guard case .array(let box) = result else {
            throw PickleProblem("the pickle holds \(result.kindName), not a numpy array")
        }
        return try box.finished()
    }

    enum Global: String {
        case reconstruct = "_reconstruct"
        case ndarray
        case dtype
        case codecsEncode = "encode"
    }

    /// An array under construction: `_reconstruct` makes it empty, `BUILD` fills it.
    final class ArrayBox {
        var array: NumpyArray?
        /// 1 for a numeric array, one more than its deepest item for an object array.
        var nesting = 1

        func finished() throws -> NumpyArray {
            guard let array else { throw PickleProblem("a numpy array was created but never filled (no BUILD)") }
            return array
        }
    }

    final class DTypeBox {
        var dtype: NumpyDType
        var bigEndian = false
        init(_ dtype: NumpyDType) { self.dtype = dtype }
    }

    /// Lists are mutable and shared through the memo, hence a class. Once inside another value a
    /// list is sealed: its depth is then part of that value's and may not grow.
    final class ListBox {
        var items: [Value] = []
        var depth = 1
        var sealed = false

        func append(_ item: Value) throws {
            // The item is sealed first, so a list appended to itself is refused here too.
            let itemDepth = try item.contained()
            guard !sealed else { throw PickleProblem("APPEND to a list that is already inside another value (or itself)") }
            depth = max(depth, itemDepth + 1)
            guard depth <= SafePickle.maxNesting else { throw PickleProblem("lists and tuples nested more than \(SafePickle.maxNesting) deep") }
            items.append(item)
        }
    }

    enum Value {
        case none
        case bool(Bool)
        case int(Int)
        case bytes([UInt8])
        /// Python `str` from `BINUNICODE`, kept as UTF-8.
        case text([UInt8])
        case tuple([Value], depth: Int)
        case list(ListBox)
        case global(Global)
        case dtype(DTypeBox)
        case array(ArrayBox)

        /// A tuple of `items`, whose lists are sealed.
        static func tuple(of items: [Value]) throws -> Value {
            var depth = 0
            for item in items { depth = max(depth, try item.contained()) }
            guard depth < SafePickle.maxNesting else { throw PickleProblem("lists and tuples nested more than \(SafePickle.maxNesting) deep") }
            return .tuple(items, depth: depth + 1)
        }

        /// Seals a list put inside another value; returns the value's nesting depth.
        func contained() throws -> Int {
            switch self {
            case .tuple(_, let depth): return depth
            case .list(let list):
                list.sealed = true
                return list.depth
            default: return 0
            }
        }

        var kindName: String {
            switch self {
            case .none: return "None"
            case .bool: return "a bool"
            case .int: return "an int"
            case .bytes: return "bytes"
            case .text: return "a str"
            case .tuple: return "a tuple"
            case .list: return "a list"
            case .global(let g): return "the global \(g.rawValue)"
            case .dtype: return "a dtype"
            case .array: return "an array"
            }
        }

        /// A short string argument, whether Python 2 `str` (bytes) or Python 3 `str`.
        var string: String? {
            switch self {
            case .bytes(let b): return String(decoding: b, as: UTF8.self)
            case .text(let t): return String(decoding: t, as: UTF8.self)
            default: return nil
            }
        }
    }

    struct Machine {
        let data: UnsafeRawBufferPointer
        var position = 0
        var stack: [Value] = []
        var marks: [Int] = []
        var memo: [Int: Value] = [:]

        init(data: UnsafeRawBufferPointer) {
            self.data = data
        }

        mutating func run() throws -> Value {
            while true {
                let at = position
                let opcode = try byte()
                do {
                    if let result = try step(opcode) { return result }
                } catch let problem as PickleProblem {
                    throw PickleProblem("\(problem.message) (opcode 0x\(String(opcode, radix: 16)) at byte \(at))")
                }
            }
        }

        // MARK: reading the stream

        mutating func byte() throws -> UInt8 {
            guard position < data.count else { throw PickleProblem("the pickle ends early at byte \(position)") }
            defer { position += 1 }
            return data[position]
        }

        mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
            guard n >= 0, n <= data.count - position else {
                throw PickleProblem("the pickle ends early: \(n) bytes wanted at byte \(position), \(data.count - position) left")
            }
            defer { position += n }
            return UnsafeRawBufferPointer(rebasing: data[position..<(position + n)])
        }

        mutating func littleEndian(_ n: Int) throws -> UInt64 {
            let raw = try take(n)
            var value: UInt64 = 0
            for i in (0..<n).reversed() { value = value << 8 | UInt64(raw[i]) }
            return value
        }

        mutating func line() throws -> String {
            guard let end = data[position...].firstIndex(of: 0x0A) else {
                throw PickleProblem("the pickle ends inside a GLOBAL name")
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: data[position..<end]), as: UTF8.self)
            position = end + 1
            return text
        }

        // MARK: the stack

        mutating func pop() throws -> Value {
            guard let top = stack.popLast() else { throw PickleProblem("stack underflow") }
            if let mark = marks.last, stack.count < mark { throw PickleProblem("stack underflow past a MARK") }
            return top
        }

        mutating func popToMark() throws -> [Value] {
            guard let mark = marks.popLast() else { throw PickleProblem("no MARK to pop to") }
            let items = Array(stack[mark...])
            stack.removeSubrange(mark...)
            return items
        }

        mutating func top() throws -> Value {
            guard let value = stack.last else { throw PickleProblem("stack underflow") }
            return value
        }

        mutating func memoGet(_ index: Int) throws -> Value {
            guard let value = memo[index] else { throw PickleProblem("memo entry \(index) is not set") }
            return value
        }

        // MARK: opcodes

        /// Runs one opcode; returns the result at STOP.
        mutating func step(_ opcode: UInt8) throws -> Value? {
            switch opcode {
            case 0x80:  // PROTO
                let version = try byte()
                guard (2...5).contains(version) else { throw PickleProblem("pickle protocol \(version) is not supported") }
            case 0x95:  // FRAME: a length prefix only
                _ = try take(8)
            case 0x2E:  // STOP
                let result = try pop()
                guard stack.isEmpty, marks.isEmpty else { throw PickleProblem("values left on the stack at STOP") }
                return result
            case 0x28:  // MARK
                guard marks.count < SafePickle.maxOpenMarks else {
                    throw PickleProblem("more than \(SafePickle.maxOpenMarks) MARKs open at once (nesting too deep)")
                }
                marks.append(stack.count)
            case 0x4E:  // NONE
                stack.append(.none)
            case 0x88: stack.append(.bool(true))  // NEWTRUE
            case 0x89: stack.append(.bool(false))  // NEWFALSE
            case 0x4B:  // BININT1
                stack.append(.int(Int(try byte())))
            case 0x4D:  // BININT2
                stack.append(.int(Int(try littleEndian(2))))
            case 0x4A:  // BININT (signed 32-bit)
                stack.append(.int(Int(Int32(truncatingIfNeeded: try littleEndian(4)))))
            case 0x55:  // SHORT_BINSTRING (Python 2 str: bytes)
                stack.append(.bytes(Array(try take(Int(try byte())))))
            case 0x54:  // BINSTRING
                let n = Int(Int32(truncatingIfNeeded: try littleEndian(4)))
                stack.append(.bytes(Array(try take(n))))
            case 0x43:  // SHORT_BINBYTES
                stack.append(.bytes(Array(try take(Int(try byte())))))
            case 0x42:  // BINBYTES
                stack.append(.bytes(Array(try take(Int(try littleEndian(4))))))
            case 0x58:  // BINUNICODE
                stack.append(.text(Array(try take(Int(try littleEndian(4))))))
            case 0x8C:  // SHORT_BINUNICODE
                stack.append(.text(Array(try take(Int(try byte())))))
            case 0x5D:  // EMPTY_LIST
                stack.append(.list(ListBox()))
            case 0x61:  // APPEND
                let item = try pop()
                guard case .list(let list) = try top() else { throw PickleProblem("APPEND to something that is not a list") }
                try list.append(item)
            case 0x65:  // APPENDS
                let items = try popToMark()
                guard case .list(let list) = try top() else { throw PickleProblem("APPENDS to something that is not a list") }
                for item in items { try list.append(item) }
            case 0x74:  // TUPLE
                stack.append(try .tuple(of: try popToMark()))
            case 0x85:  // TUPLE1
                stack.append(try .tuple(of: [try pop()]))
            case 0x86:  // TUPLE2
                let b = try pop(), a = try pop()
                stack.append(try .tuple(of: [a, b]))
            case 0x87:  // TUPLE3
                let c = try pop(), b = try pop(), a = try pop()
                stack.append(try .tuple(of: [a, b, c]))
            case 0x71:  // BINPUT
                memo[Int(try byte())] = try top()
            case 0x72:  // LONG_BINPUT
                memo[Int(try littleEndian(4))] = try top()
            case 0x94:  // MEMOIZE
                memo[memo.count] = try top()
            case 0x68:  // BINGET
                stack.append(try memoGet(Int(try byte())))
            case 0x6A:  // LONG_BINGET
                stack.append(try memoGet(Int(try littleEndian(4))))
            case 0x63:  // GLOBAL
                let module = try line(), name = try line()
                stack.append(.global(try Self.global(module: module, name: name)))
            case 0x93:  // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard case .text(let n) = name, case .text(let m) = module else {
                    throw PickleProblem("STACK_GLOBAL needs two str values")
                }
                stack.append(.global(try Self.global(module: String(decoding: m, as: UTF8.self), name: String(decoding: n, as: UTF8.self))))
            case 0x52:  // REDUCE
                let arguments = try pop(), callable = try pop()
                guard case .global(let global) = callable, case .tuple(let args, _) = arguments else {
                    throw PickleProblem("REDUCE of \(callable.kindName) with \(arguments.kindName)")
                }
                stack.append(try Self.call(global, args))
            case 0x62:  // BUILD
                let state = try pop()
                try Self.build(try top(), state: state)
            default:
                throw PickleProblem("pickle opcode 0x\(String(opcode, radix: 16)) is not allowed (only the opcodes of numpy object arrays are)")
            }
            return nil
        }

        static func global(module: String, name: String) throws -> Global {
            switch (module, name) {
            case ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"): return .reconstruct
            case ("numpy", "ndarray"): return .ndarray
            case ("numpy", "dtype"): return .dtype
            case ("_codecs", "encode"): return .codecsEncode
            default: throw PickleProblem("the pickle names the global \(module).\(name), which is refused (only numpy arrays are read)")
            }
        }

        static func call(_ global: Global, _ args: [Value]) throws -> Value {
            switch global {
            case .reconstruct:
                guard args.count == 3, case .global(.ndarray) = args[0] else {
                    throw PickleProblem("_reconstruct must be called as _reconstruct(numpy.ndarray, shape, typecode)")
                }
                return .array(ArrayBox())
            case .dtype:
                guard let descr = args.first?.string else { throw PickleProblem("dtype() needs a type string") }
                var bigEndian = false
                guard let dtype = NumpyDType(descr: descr, bigEndian: &bigEndian) else {
                    throw PickleProblem("unsupported dtype '\(descr)'")
                }
                let box = DTypeBox(dtype)
                box.bigEndian = bigEndian
                return .dtype(box)
            case .codecsEncode:
                guard args.count == 2, case .text(let utf8) = args[0], let encoding = args[1].string,
                      ["latin1", "latin-1", "iso-8859-1", "iso8859-1"].contains(encoding.lowercased()) else {
                    throw PickleProblem("_codecs.encode is only allowed as encode(str, 'latin1')")
                }
                return .bytes(try latin1(fromUTF8: utf8))
            case .ndarray:
                throw PickleProblem("numpy.ndarray may only be passed to _reconstruct")
            }
        }

        /// Python 3 writes raw bytes as the str whose code points are the byte values; this turns
        /// that str's UTF-8 back into the bytes.
        static func latin1(fromUTF8 utf8: [UInt8]) throws -> [UInt8] {
            var out = [UInt8]()
            out.reserveCapacity(utf8.count)
            var i = 0
            while i < utf8.count {
                let lead = utf8[i]
                if lead < 0x80 {
                    out.append(lead)
                    i += 1
                } else if (lead == 0xC2 || lead == 0xC3), i + 1 < utf8.count, utf8[i + 1] & 0xC0 == 0x80 {
                    out.append((lead & 0x1F) << 6 | (utf8[i + 1] & 0x3F))
                    i += 2
                } else {
                    throw PickleProblem("_codecs.encode(..., 'latin1') of text outside latin-1")
                }
            }
            return out
        }

        static func build(_ target: Value, state: Value) throws {
            switch target {
            case .dtype(let box):
                // (version, byte order, subarray, names, fields, elsize, alignment, flags)
                guard case .tuple(let items, _) = state, items.count >= 2, let order = items[1].string else {
                    throw PickleProblem("dtype state is not the expected tuple")
                }
                box.bigEndian = order == ">"
            case .array(let box):
                guard box.array == nil else { throw PickleProblem("a numpy array is filled twice") }
                (box.array, box.nesting) = try array(from: state)
            default:
                throw PickleProblem("BUILD on \(target.kindName)")
            }
        }

        /// `ndarray.__setstate__((version, shape, dtype, is_fortran, data))`.
        static func array(from state: Value) throws -> (NumpyArray, nesting: Int) {
            guard case .tuple(let items, _) = state, items.count == 5,
                  case .tuple(let shapeItems, _) = items[1], case .dtype(let dtypeBox) = items[2] else {
                throw PickleProblem("array state is not (version, shape, dtype, fortran, data)")
            }
            var shape: [Int] = []
            var count = 1
            for item in shapeItems {
                guard case .int(let n) = item, n >= 0 else { throw PickleProblem("array shape holds \(item.kindName) that is not a size") }
                let (product, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow, product < 1 << 40 else { throw PickleProblem("array shape \(shapeItems.count)-D is absurdly large") }
                shape.append(n)
                count = product
            }
            let fortran: Bool
            switch items[3] {
            case .bool(let b): fortran = b
            case .int(let i): fortran = i != 0
            default: throw PickleProblem("array Fortran flag is \(items[3].kindName)")
            }
            let dtype = dtypeBox.dtype
            var array: NumpyArray
            var nesting = 1
            if dtype.kind == .object {
                guard case .list(let list) = items[4] else { throw PickleProblem("object array data is \(items[4].kindName), not a list") }
                guard list.items.count == count else {
                    throw PickleProblem("object array of shape \(shape) holds \(list.items.count) items")
                }
                var objects: [NumpyArray] = []
                objects.reserveCapacity(count)
                for (i, item) in list.items.enumerated() {
                    guard case .array(let inner) = item else { throw PickleProblem("object array item \(i) is \(item.kindName), not an array") }
                    objects.append(try inner.finished())
                    nesting = max(nesting, inner.nesting + 1)
                    guard nesting <= SafePickle.maxArrayNesting else {
                        throw PickleProblem("object arrays nested more than \(SafePickle.maxArrayNesting) deep")
                    }
                }
                array = NumpyArray(objects: objects)
                array.shape = shape
            } else {
                guard case .bytes(let bytes) = items[4] else { throw PickleProblem("array data is \(items[4].kindName), not bytes") }
                guard bytes.count == count * dtype.size else {
                    throw PickleProblem("array of shape \(shape) and dtype \(dtype) needs \(count * dtype.size) bytes, has \(bytes.count)")
                }
                array = NumpyArray(shape: shape, dtype: dtype, bytes: bytes)
                if dtypeBox.bigEndian { array.swapByteOrder() }
            }
            if fortran { try array.convertFortranToC() }
            return (array, nesting)
        }
    }
}
