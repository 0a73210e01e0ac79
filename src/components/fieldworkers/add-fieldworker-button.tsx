"use client";

import { useState } from "react";
import { FieldworkerFormDialog } from "./fieldworker-form-dialog";

export function AddFieldworkerButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
        + Add fieldworker
      </button>
      <FieldworkerFormDialog open={open} onOpenChange={setOpen} />
    </>
  );
}
