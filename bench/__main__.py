"""Runs every benchmark and prints its figures."""

from bench import cpas_pages, import_workbook, incident_import, leadership, report_export

if __name__ == "__main__":
    for title, benchmark in (("Data workbook import (10,000 rows)", import_workbook),
                             ("Budget report workbook of a large mission", report_export),
                             ("Incident file import (300,000 ACLED events)", incident_import),
                             ("CPAS pages at ten times the UN's CPAS (1.1 million data points, 300,000 incidents)",
                              cpas_pages),
                             ("Leadership dashboard at the same scale, alone and under load (50 people, 60 s)",
                              leadership)):
        print(f"== {title}", flush=True)
        for name, value in benchmark.run().items():
            print(f"{name}: {value}", flush=True)
