package dev.bulk.dynamo;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/** A table given by name or by ARN ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME}). */
public record TableRef(String name, String region, String arn) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String NAME_RULE = "a table name is 3-255 characters of A-Z a-z 0-9 _ . - (or a table ARN)";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public TableRef {
        Objects.requireNonNull(name, "name is null");
    }

    /** DynamoDB's rule for table names; checked here so a bad name is a usage error, not a failed DescribeTable. */
    public static boolean validName(String name) {
        return name != null && name.length() >= 3 && name.length() <= 255 && NAME.matcher(name).matches();
    }

    /** Parses a --table value; the ARN's region, when given, wins over --region. */
    public static TableRef parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("table name is empty");
        }
        if (!value.startsWith("arn:")) {
            if (!validName(value)) {
                throw new IllegalArgumentException(NAME_RULE);
            }
            return new TableRef(value, null, null);
        }
        String[] parts = value.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("dynamodb") || !parts[5].startsWith("table/")) {
            throw new IllegalArgumentException("not a DynamoDB table ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME)");
        }
        String name = parts[5].substring("table/".length());
        int slash = name.indexOf('/');
        if (slash >= 0) {
            name = name.substring(0, slash);
        }
        if (!validName(name)) {
            throw new IllegalArgumentException("the ARN's table name '" + name + "' is not valid: " + NAME_RULE);
        }
        return new TableRef(name, parts[3].isEmpty() ? null : parts[3], value);
    }

    /** What DynamoDB calls accept as TableName: the ARN when one was given (cross-account), else the name. */
    public String apiName() {
        return arn != null ? arn : name;
    }
}
