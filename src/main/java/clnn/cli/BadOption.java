package clnn.cli;

import clnn.ClnnException;

/** A command-line option whose value cannot work; the message names the option, the value and the range. */
final class BadOption extends ClnnException {
    BadOption(String message) {
        super(message);
    }
}
