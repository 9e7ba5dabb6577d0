/// The three prefix formats of `sketch complete` (docs/formats.md), with the docs' own examples.
package enum PrefixExamples {
    package static let stroke3 = """
        [[15, -18, 0], [27, -4, 0], [28, 8, 0], [11, 22, 1],
         [0, 0, 0], [-13, 22, 0], [-32, 6, 0], [-26, -12, 0], [-10, -24, 1]]
        """
    package static let ndjson = """
        {"word":"cat","countrycode":"US","recognized":true,"key_id":"1","drawing":[[[60,75,102,130,141],[80,62,58,66,88]],[[141,128,96,70,60],[88,110,116,104,80]]]}
        {"word":"cat","drawing":[[[0,1],[0,1]]]}
        """
    package static let strokeJSON = """
        {"format": "sketch-strokes", "version": 1, "units": "data", "pen_lifted": true, "model": "sheep",
         "strokes": [[[60, 80], [75, 62], [102, 58], [130, 66], [141, 88]],
                     [[141, 88], [128, 110], [96, 116], [70, 104], [60, 80]]]}
        """
}
