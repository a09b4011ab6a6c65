package clnn.viz;

import clnn.History;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** loss.png: the epoch loss (and validation loss when there is one) against the epoch, drawn with XChart. */
public final class LossChart {
    private LossChart() {
    }

    /**
     * Draws the chart, 720 x 440 pixels.
     *
     * @param h the fit's history: one loss (and validation loss) per epoch
     * @return the chart as an image
     */
    public static BufferedImage render(History h) {
        XYChart chart = new XYChartBuilder().width(720).height(440).title("Training loss").xAxisTitle("epoch")
                .yAxisTitle("loss (sparse categorical cross-entropy)").build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setPlotGridLinesVisible(true);
        double[] epochs = IntStream.rangeClosed(1, h.size()).asDoubleStream().toArray();
        chart.addSeries("loss", epochs, h.loss()).setMarker(SeriesMarkers.NONE);
        if (h.size() > 0 && h.last().hasValidation()) {
            chart.addSeries("val_loss", epochs, h.valLoss()).setMarker(SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
