package io.vigia.common.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/** A Hadoop Configuration shipped to executors (so s3a/hdfs credentials set on the driver travel). */
public final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;
  private final byte[] bytes;
  private transient Configuration conf;

  public HadoopConf(Configuration c) {
    try {
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      c.write(new DataOutputStream(bo));
      bytes = bo.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Configuration get() {
    if (conf == null) {
      Configuration c = new Configuration(false);
      try {
        c.readFields(new DataInputStream(new ByteArrayInputStream(bytes)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      conf = c;
    }
    return conf;
  }
}
