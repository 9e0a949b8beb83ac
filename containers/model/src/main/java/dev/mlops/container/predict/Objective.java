package dev.mlops.container.predict;

/**
 * The part of an XGBoost objective that matters at prediction time: how the stored base score
 * becomes a margin, and how a margin becomes the output.
 */
enum Objective {
  IDENTITY,
  LOGISTIC,
  EXP,
  SOFTPROB,
  SOFTMAX;

  static Objective of(String name) {
    return switch (name) {
      case "reg:squarederror",
          "reg:linear",
          "reg:squaredlogerror",
          "reg:absoluteerror",
          "reg:pseudohubererror",
          "reg:quantileerror",
          "binary:logitraw",
          "rank:pairwise",
          "rank:ndcg",
          "rank:map" ->
          IDENTITY;
      case "binary:logistic", "reg:logistic" -> LOGISTIC;
      case "count:poisson", "reg:gamma", "reg:tweedie", "survival:cox" -> EXP;
      case "multi:softprob" -> SOFTPROB;
      case "multi:softmax" -> SOFTMAX;
      default -> throw new UnsupportedModelException("objective '" + name + "'");
    };
  }

  /** XGBoost stores base_score in output space; the walk starts from its margin. */
  float baseMargin(float baseScore) {
    return switch (this) {
      case LOGISTIC -> (float) -Math.log(1.0 / baseScore - 1.0);
      case EXP -> (float) Math.log(baseScore);
      default -> baseScore;
    };
  }

  float transform(float margin) {
    return switch (this) {
      case LOGISTIC -> (float) (1.0 / (1.0 + Math.exp(-margin)));
      case EXP -> (float) Math.exp(margin);
      default -> margin;
    };
  }
}
