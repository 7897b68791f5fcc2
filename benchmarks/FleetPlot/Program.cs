using System;
using System.Globalization;
using System.IO;
using System.Linq;

// Usage: FleetPlot <table.csv> <out.png> [<points.csv>]
// The table has a header and one row per N: N, the tool's seconds, the CLI loop's seconds, the floor's seconds.
// The points (the estate benchmark's) have a header and rows of label, N, seconds, each label a series of its own.
// Seconds are drawn on a log scale: the CLI loop is fifty times the others.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("Usage: FleetPlot <table.csv> <out.png> [<points.csv>]");
    return 2;
}

double[][] rows = File.ReadAllLines(args[0]).Skip(1).Where(line => line.Trim().Length > 0)
    .Select(line => line.Split(',').Select(cell => double.Parse(cell, CultureInfo.InvariantCulture)).ToArray())
    .OrderBy(row => row[0]).ToArray();
double[] n = rows.Select(row => row[0]).ToArray();

var plot = new ScottPlot.Plot();
foreach ((int column, string name) in new[] { (2, "AWS CLI loop"), (1, "Set-InstanceRole (defaults)"), (3, "floor of AWS's buckets") })
{
    ScottPlot.Plottables.Scatter line = plot.Add.Scatter(n, rows.Select(row => Math.Log10(row[column])).ToArray());
    line.LegendText = name;
    line.MarkerSize = 8;
}

if (args.Length == 3 && File.Exists(args[2]))
{
    var markers = new[] { ScottPlot.MarkerShape.FilledDiamond, ScottPlot.MarkerShape.FilledTriangleUp, ScottPlot.MarkerShape.Cross };
    var points = File.ReadAllLines(args[2]).Skip(1).Where(line => line.Trim().Length > 0).Select(line => line.Split(','))
        .GroupBy(cells => cells[0]).ToArray();
    for (int i = 0; i < points.Length; i++)
    {
        double[] xs = points[i].Select(cells => double.Parse(cells[1], CultureInfo.InvariantCulture)).ToArray();
        double[] ys = points[i].Select(cells => Math.Log10(double.Parse(cells[2], CultureInfo.InvariantCulture))).ToArray();
        ScottPlot.Plottables.Scatter series = plot.Add.ScatterPoints(xs, ys);
        series.LegendText = points[i].Key;
        series.MarkerSize = 12;
        series.MarkerShape = markers[i % markers.Length];
    }
}

plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
{
    LabelFormatter = y => Math.Pow(10, y).ToString("N0", CultureInfo.InvariantCulture),
    MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
    IntegerTicksOnly = true,
};
plot.Title("Fleet role change at EC2's request limits (sandbox --rate-limits aws)");
plot.XLabel("instances");
plot.YLabel("wall time, seconds (log scale)");
plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
plot.SavePng(args[1], 900, 560);
Console.WriteLine($"Wrote {args[1]}");
return 0;
