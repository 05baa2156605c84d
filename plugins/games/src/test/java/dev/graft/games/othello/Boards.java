package dev.graft.games.othello;

/** Hand-built Othello positions from rows of {@code .} empty, {@code X} black, {@code O} white. */
final class Boards {
    private Boards() {
    }

    static OthelloState parse(int toMove, String... rows) {
        OthelloGame g = new OthelloGame(rows.length);
        long black = 0;
        long white = 0;
        for (int i = 0; i < rows.length; i++) {
            String r = rows[i].replace(" ", "");
            if (r.length() != rows.length) {
                throw new IllegalArgumentException("row " + i + " has " + r.length() + " squares");
            }
            for (int j = 0; j < r.length(); j++) {
                long b = 1L << (i * rows.length + j);
                switch (r.charAt(j)) {
                    case 'X' -> black |= b;
                    case 'O' -> white |= b;
                    case '.' -> { }
                    default -> throw new IllegalArgumentException("bad square " + r.charAt(j));
                }
            }
        }
        OthelloState s = g.newGame();
        s.setPosition(black, white, toMove, 0);
        return s;
    }

    /** The position as rows, as {@link #parse} reads them (without the side to move). */
    static String rows(OthelloState s) {
        String text = s.toString();
        return text.substring(0, text.lastIndexOf('\n') + 1);
    }
}
