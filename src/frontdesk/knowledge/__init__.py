"""Knowledge: sources → parse → chunk → embed → index → retrieve → cite."""
