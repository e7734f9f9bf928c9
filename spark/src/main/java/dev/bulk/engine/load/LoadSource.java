package dev.bulk.engine.load;

import dev.bulk.connector.LoadValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The records of a load's input files, numbered per file. CSV and Parquet go through Spark's own
 * readers with each file kept whole in one partition (so its rows arrive in order and can be
 * numbered); JSON and DynamoDB JSON are read with Jackson, whose numbers stay exact decimals and
 * which knows the line of every record.
 */
public final class LoadSource {
    static final String FILE_COLUMN = "_bulk_file";
    static final String CORRUPT_COLUMN = "_bulk_corrupt_record";
    private static final String WHOLE_FILES = String.valueOf(Long.MAX_VALUE / 4);

    private LoadSource() {
    }

    /** The parsed records, lazily: nothing is read until a job runs. */
    static JavaRDD<Parsed> read(SparkSession spark, LoadSpec spec) {
        return switch (spec.format()) {
            case "csv" -> spec.escaper() != null ? escapedCsv(spark, spec) : numbered(spark, csv(spark, spec), spec, true);
            case "parquet" -> numbered(spark, spark.read().parquet(spec.inputs()), spec, false);
            default -> jsonFiles(spark, spec);
        };
    }

    /** The number of rows in Parquet files (from their footers), or -1 for other formats. */
    public static long parquetRows(SparkSession spark, LoadSpec spec) {
        return spec.format().equals("parquet") ? spark.read().parquet(spec.inputs()).count() : -1;
    }

    /** The sizes of the first {@code count} readable records' items (for the cost estimate). */
    public static List<Long> sampleItemSizes(SparkSession spark, LoadSpec spec, int count) {
        return read(spark, spec).map(record -> record.item() == null ? -1L : dev.bulk.dynamo.AttributeValues.itemSize(record.item()))
                .filter(size -> size >= 0).take(count);
    }

    private static Dataset<Row> csv(SparkSession spark, LoadSpec spec) {
        DataFrameReader reader = spark.read().option("header", spec.header()).option("multiLine", spec.multiLine())
                .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT_COLUMN);
        if (spec.separator() != null) {
            reader = reader.option("sep", spec.separator());
        }
        // No escaper (--escaper is read by EscapedCsv), as Glue: a quote inside a quoted value is doubled (RFC 4180),
        // which is also what export --format csv writes. Spark's own default would take a backslash before a quote as an escape.
        reader = reader.option("escape", "\"");
        if (spec.quote() != null) {
            reader = reader.option("quote", spec.quote());
        }
        // The columns: the header's names, else col0, col1, … (the reference's names); all strings.
        StructType probed = reader.csv(spec.inputs()).schema();
        List<String> names = new ArrayList<>();
        for (StructField field : probed.fields()) {
            names.add(field.name());
        }
        return reader.schema(csvSchema(spec, names)).csv(spec.inputs());
    }

    /** The CSV columns (the header's names or col0, col1, …; all strings), the corrupt-record column last. */
    private static StructType csvSchema(LoadSpec spec, List<String> header) {
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            fields.add(DataTypes.createStructField(spec.header() ? header.get(i) : "col" + i, DataTypes.StringType, true));
        }
        if (spec.mappings() != null) {
            List<String> names = fields.stream().map(StructField::name).toList();
            for (LoadSpec.Mapping mapping : spec.mappings()) {
                if (!names.contains(mapping.source())) {
                    throw dev.bulk.BulkException.usage("--mappings: source column '" + mapping.source() + "' is not a column of "
                            + spec.path() + " (its columns: " + String.join(", ", names) + ")");
                }
            }
        }
        fields.add(DataTypes.createStructField(CORRUPT_COLUMN, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    /**
     * CSV with --escaper, read by {@link EscapedCsv} (Spark's reader applies an escape character
     * only inside quotes): one file per record of binaryFiles, its rows in order, then numbered
     * like Spark's rows. The columns come from the first record of the first file.
     */
    private static JavaRDD<Parsed> escapedCsv(SparkSession spark, LoadSpec spec) {
        spark.sparkContext().hadoopConfiguration().setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Tuple2<String, PortableDataStream>> files = context.binaryFiles(String.join(",", spec.inputs())).rdd().toJavaRDD();
        List<String> header = files.map(file -> {
            try (Reader in = open(file, spec)) {
                EscapedCsv records = new EscapedCsv(in, spec.separator(), spec.quote(), spec.escaper().charAt(0), spec.multiLine());
                List<String> values = records.hasNext() ? records.next().values() : List.of();
                List<String> names = new ArrayList<>();
                values.forEach(value -> names.add(value == null ? "" : value));
                return names;
            }
        }).first();
        StructType schema = csvSchema(spec, header);
        StructType withFile = schema.add(FILE_COLUMN, DataTypes.StringType, false);
        int columns = header.size();
        return files.flatMap(file -> new EscapedRows(file, spec, columns)).mapPartitions(new RowNumbering(withFile, spec, true));
    }

    private static Reader open(Tuple2<String, PortableDataStream> file, LoadSpec spec) throws IOException {
        Configuration conf = new Configuration();
        spec.fsSettings().forEach(conf::set);
        InputStream stream = file._2().open();
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(new org.apache.hadoop.fs.Path(file._1()));
        if (codec != null) {
            stream = codec.createInputStream(stream);
        }
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    /** One file's records as rows of the CSV schema (a record of the wrong width is a corrupt record), the header left out. */
    private static final class EscapedRows implements Iterator<Row> {
        private final String file;
        private final EscapedCsv records;
        private final Reader in;
        private final int columns;

        EscapedRows(Tuple2<String, PortableDataStream> file, LoadSpec spec, int columns) throws IOException {
            this.file = file._1();
            this.in = open(file, spec);
            this.records = new EscapedCsv(in, spec.separator(), spec.quote(), spec.escaper().charAt(0), spec.multiLine());
            this.columns = columns;
            if (spec.header() && records.hasNext()) {
                records.next();
            }
        }

        @Override
        public boolean hasNext() {
            boolean more = records.hasNext();
            if (!more) {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return more;
        }

        @Override
        public Row next() {
            EscapedCsv.Record record = records.next();
            Object[] values = new Object[columns + 2];
            if (record.values().size() == columns && !record.unterminated()) {
                for (int i = 0; i < columns; i++) {
                    values[i] = record.values().get(i);
                }
            } else {
                values[columns] = record.text();
            }
            values[columns + 1] = file;
            return RowFactory.create(values);
        }
    }

    /**
     * Rows with their file, one partition per file, numbered in file order. The split settings
     * apply when the scan is planned, so they are set around planning and then put back.
     */
    private static JavaRDD<Parsed> numbered(SparkSession spark, Dataset<Row> rows, LoadSpec spec, boolean csv) {
        Dataset<Row> withFile = rows.withColumn(FILE_COLUMN, functions.input_file_name());
        String[] keys = {"spark.sql.files.maxPartitionBytes", "spark.sql.files.openCostInBytes"};
        String[] before = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            before[i] = spark.conf().contains(keys[i]) ? spark.conf().get(keys[i]) : null;
            spark.conf().set(keys[i], WHOLE_FILES);
        }
        try {
            JavaRDD<Row> rdd = withFile.toJavaRDD();
            rdd.partitions();
            StructType schema = withFile.schema();
            return rdd.mapPartitions(new RowNumbering(schema, spec, csv));
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) {
                    spark.conf().unset(keys[i]);
                } else {
                    spark.conf().set(keys[i], before[i]);
                }
            }
        }
    }

    /** Numbers the rows of each file (they arrive in order, whole files per partition) and makes them items. */
    private static final class RowNumbering implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Row>, Parsed> {
        private static final long serialVersionUID = 1L;
        private final StructType schema;
        private final LoadSpec spec;
        private final boolean csv;

        RowNumbering(StructType schema, LoadSpec spec, boolean csv) {
            this.schema = schema;
            this.spec = spec;
            this.csv = csv;
        }

        @Override
        public Iterator<Parsed> call(Iterator<Row> rows) {
            StructField[] fields = schema.fields();
            int fileIndex = fields.length - 1;
            int dataColumns = csv ? fields.length - 2 : fields.length - 1;
            CsvMappings mappings = spec.mappings() == null ? null : new CsvMappings(spec.mappings(), fields, dataColumns);
            return new Iterator<>() {
                private String file;
                private long row;
                private Parsed next = advance();

                private Parsed advance() {
                    while (rows.hasNext()) {
                        Row value = rows.next();
                        String current = value.getString(fileIndex);
                        if (!current.equals(file)) {
                            file = current;
                            row = 0;
                        }
                        row++;
                        if (spec.skipFirst() && row == 1) {
                            continue;
                        }
                        if (csv && !value.isNullAt(fileIndex - 1)) {
                            return Parsed.bad(file, row, 0, "malformed CSV record (its number of columns differs from the "
                                    + dataColumns + " of the " + (spec.header() ? "header" : "first line") + ")",
                                    value.getString(fileIndex - 1));
                        }
                        try {
                            return Parsed.ok(file, row, 0, csv ? CsvMappings.item(value, fields, dataColumns, mappings)
                                    : LoadValues.item(value, fields, dataColumns));
                        } catch (IllegalArgumentException e) {
                            return Parsed.bad(file, row, 0, e.getMessage(), csv ? csvText(value, dataColumns) : null);
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Parsed next() {
                    Parsed current = next;
                    next = advance();
                    return current;
                }
            };
        }

        private String csvText(Row value, int columns) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < columns; i++) {
                cells.add(value.isNullAt(i) ? "" : value.getString(i));
            }
            return String.join(spec.separator() == null ? "," : spec.separator(), cells);
        }
    }

    private static JavaRDD<Parsed> jsonFiles(SparkSession spark, LoadSpec spec) {
        spark.sparkContext().hadoopConfiguration().setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Several paths are one comma-separated argument.
        return context.binaryFiles(String.join(",", spec.inputs())).flatMap(new JsonFileReader(spec));
    }

    /** One JSON or DynamoDB JSON file (gzip and other Hadoop codecs by extension) as records. */
    private static final class JsonFileReader
            implements org.apache.spark.api.java.function.FlatMapFunction<Tuple2<String, PortableDataStream>, Parsed> {
        private static final long serialVersionUID = 1L;
        private final LoadSpec spec;

        JsonFileReader(LoadSpec spec) {
            this.spec = spec;
        }

        @Override
        public Iterator<Parsed> call(Tuple2<String, PortableDataStream> file) throws IOException {
            Configuration conf = new Configuration();
            spec.fsSettings().forEach(conf::set);
            InputStream stream = file._2().open();
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(new org.apache.hadoop.fs.Path(file._1()));
            if (codec != null) {
                stream = codec.createInputStream(stream);
            }
            if (spec.format().equals("json") && spec.multiLine()) {
                try (InputStream in = stream) {
                    return JsonRecords.document(file._1(), in, spec.jsonPath()).iterator();
                }
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            boolean ddb = spec.format().equals("ddb-json");
            return new Iterator<>() {
                private long line;
                private long row;
                private final java.util.ArrayDeque<Parsed> queued = new java.util.ArrayDeque<>();

                private void fill() {
                    try {
                        String text;
                        while (queued.isEmpty() && (text = reader.readLine()) != null) {
                            line++;
                            if (text.isBlank()) {
                                continue;
                            }
                            if (ddb) {
                                row++;
                                queued.add(JsonRecords.ddbLine(file._1(), row, line, text));
                            } else {
                                row = JsonRecords.jsonLine(file._1(), row, line, text, spec.jsonPath(), queued);
                            }
                        }
                        if (queued.isEmpty()) {
                            reader.close();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + file._1() + " after line " + line, e);
                    }
                }

                @Override
                public boolean hasNext() {
                    fill();
                    return !queued.isEmpty();
                }

                @Override
                public Parsed next() {
                    fill();
                    return queued.remove();
                }
            };
        }
    }
}
