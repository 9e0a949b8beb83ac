# Aurora PostgreSQL Serverless v2: the orchestrator's and the drift monitor's durable state.
# With min_capacity 0 the instances pause after `seconds_until_auto_pause` without connections and cost
# nothing but storage; the first connection after a pause waits about 15 s while they resume.

resource "aws_db_subnet_group" "this" {
  name        = var.name_prefix
  description = "${var.name_prefix}: private subnets for Aurora"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

# Services that may connect attach this group; the database accepts connections from it only.
resource "aws_security_group" "client" {
  name        = "${var.name_prefix}-db-client"
  description = "${var.name_prefix}: may connect to Aurora PostgreSQL"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name_prefix}-db-client" })
}

resource "aws_security_group" "this" {
  name        = "${var.name_prefix}-db"
  description = "${var.name_prefix}: Aurora PostgreSQL"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name_prefix}-db" })
}

resource "aws_vpc_security_group_ingress_rule" "from_clients" {
  security_group_id            = aws_security_group.this.id
  description                  = "PostgreSQL from the services"
  referenced_security_group_id = aws_security_group.client.id
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
}

resource "aws_vpc_security_group_egress_rule" "client_to_db" {
  security_group_id            = aws_security_group.client.id
  description                  = "PostgreSQL to Aurora"
  referenced_security_group_id = aws_security_group.this.id
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
}

resource "aws_rds_cluster" "this" {
  cluster_identifier = var.name_prefix
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.engine_version
  database_name      = var.database_name
  master_username    = var.master_username
  port               = var.port

  # RDS generates the password and keeps it in Secrets Manager (and rotates it); it never enters the state.
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.secret_kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]

  storage_encrypted = true
  kms_key_id        = var.kms_key_arn

  serverlessv2_scaling_configuration {
    min_capacity             = var.min_capacity
    max_capacity             = var.max_capacity
    seconds_until_auto_pause = var.min_capacity == 0 ? var.seconds_until_auto_pause : null
  }

  backup_retention_period         = var.backup_retention_period
  preferred_backup_window         = "02:00-03:00"
  copy_tags_to_snapshot           = true
  deletion_protection             = var.deletion_protection
  skip_final_snapshot             = var.skip_final_snapshot
  final_snapshot_identifier       = var.skip_final_snapshot ? null : "${var.name_prefix}-final"
  enabled_cloudwatch_logs_exports = ["postgresql"]
  apply_immediately               = var.apply_immediately

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.max_capacity >= var.min_capacity && var.max_capacity >= 1
      error_message = "max_capacity must be at least 1 and not below min_capacity."
    }
  }
}

resource "aws_rds_cluster_instance" "this" {
  count = var.instance_count

  identifier           = "${var.name_prefix}-${count.index}"
  cluster_identifier   = aws_rds_cluster.this.id
  instance_class       = "db.serverless"
  engine               = aws_rds_cluster.this.engine
  engine_version       = aws_rds_cluster.this.engine_version
  db_subnet_group_name = aws_db_subnet_group.this.name
  publicly_accessible  = false
  apply_immediately    = var.apply_immediately

  tags = var.tags
}
