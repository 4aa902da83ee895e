-- wrk script for make bench: students voting on measures, as the map page's vote buttons do (htmx POST).
--
-- wrk -s bench/votes.lua URL -- FILE MODE THREADS
-- FILE has one vote a line: path, session key and CSRF token, separated by tabs.
-- MODE "cycle": each thread goes round every line again and again, the score changing each time (a steady load).
-- MODE "once": thread n of THREADS sends lines n, n + THREADS, ... once each, then stops; every request is then a
-- different (student, measure), so the votes saved can be checked against the rows the database gained.
-- A vote is saved when the answer is a 200 that tells the page the map changed (HX-Trigger); a refusal is a 200
-- without it. done() prints the counts summed over threads: "votes saved=... refused=... seconds=...".

local threads = {}

function setup(thread)
   thread:set("number", #threads)
   table.insert(threads, thread)
end

function init(args)
   local file, mode, count = args[1], args[2], tonumber(args[3])
   once = mode == "once"
   votes = {}
   local index = 0
   for line in io.lines(file) do
      if not once or index % count == number then
         local path, session, csrf = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
         table.insert(votes, { path = path, session = session, csrf = csrf })
      end
      index = index + 1
   end
   sent, saved, refused = 0, 0, 0
   if not once then
      sent = number * 7 -- threads start at different places in the list
   end
end

function request()
   if once and sent >= #votes then
      wrk.thread:stop()
      return wrk.format("GET", "/bench-no-more-votes/")
   end
   local vote = votes[sent % #votes + 1]
   sent = sent + 1
   local headers = {
      ["Host"] = wrk.headers["Host"],
      ["Origin"] = "https://" .. wrk.headers["Host"],
      ["X-Forwarded-Proto"] = "https",
      ["Cookie"] = "sessionid=" .. vote.session .. "; csrftoken=" .. vote.csrf,
      ["X-CSRFToken"] = vote.csrf,
      ["HX-Request"] = "true",
      ["Content-Type"] = "application/x-www-form-urlencoded",
   }
   return wrk.format("POST", vote.path, headers, "score=" .. (math.floor(sent / #votes) + number) % 5 + 1)
end

function response(status, headers, body)
   if status == 404 then
      return -- the filler request of a thread that has sent all its votes
   end
   if status == 200 and (headers["HX-Trigger"] or headers["hx-trigger"]) then
      saved = saved + 1
   else
      refused = refused + 1
   end
end

function done(summary, latency, requests)
   local total_saved, total_refused = 0, 0
   for _, thread in ipairs(threads) do
      total_saved = total_saved + thread:get("saved")
      total_refused = total_refused + thread:get("refused")
   end
   io.write(string.format("votes saved=%d refused=%d seconds=%.3f\n", total_saved, total_refused,
      summary.duration / 1e6))
end
