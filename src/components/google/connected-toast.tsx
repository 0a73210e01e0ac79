"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { toast } from "sonner";

/** After /getAuthKey sends the fieldworker back: say so once, then drop `?google=connected` from the URL. */
export function ConnectedToast() {
  const router = useRouter();
  useEffect(() => {
    toast.success("Your Google Calendar is connected");
    const url = new URL(window.location.href);
    url.searchParams.delete("google");
    router.replace(`${url.pathname}${url.search}`, { scroll: false });
  }, [router]);
  return null;
}
