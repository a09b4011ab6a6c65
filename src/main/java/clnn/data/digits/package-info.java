/**
 * The build tools of the bundled data: {@link clnn.data.digits.DigitsBuilder} (the ex3data1-shaped 20x20
 * digits) and {@link clnn.data.digits.ScaleBuilder} (the 28x28 scale demo), both deterministic, run through
 * {@code data/make-digits.sh} and {@code data/make-scale.sh}. Not used at run time. Engine-internal, not a stable
 * API.
 */
package clnn.data.digits;
